import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../ports/clock.ts';
import {
  type AttemptOutcome,
  backoffDelay,
  defaultRetryPolicy,
  deliverWithRetry,
  httpOutcome,
} from './delivery.ts';

const noWait = (clock = new ManualClock(0)) => {
  const delays: number[] = [];
  return { delays, runtime: { clock, random: () => 0.5, sleep: async (ms: number) => void delays.push(ms) } };
};

describe('delivery retries', () => {
  it('backoff doubles per attempt, stays within [step/2, step] and is capped', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    for (let attempt = 1; attempt <= 8; attempt++) {
      const step = Math.min(1_000, 100 * 2 ** (attempt - 1));
      assert.equal(backoffDelay(attempt, policy, 0), step / 2);
      assert.equal(backoffDelay(attempt, policy, 0.999_999), Math.round(step / 2 + (0.999_999 * step) / 2));
    }
  });

  it('retries transient failures and records one log row per attempt', async () => {
    const outcomes: AttemptOutcome[] = [
      { ok: false, retryable: true, status: 503, error: 'HTTP 503' },
      { ok: false, retryable: true, error: 'connection failed: ECONNRESET' },
      { ok: true, retryable: false, status: 200 },
    ];
    const { delays, runtime } = noWait();
    const report = await deliverWithRetry(async (n) => outcomes[n - 1], defaultRetryPolicy, runtime);
    assert.equal(report.ok, true);
    assert.equal(report.attempts, 3);
    assert.deepEqual(
      report.log.map((r) => [r.attempt, r.ok, r.status]),
      [
        [1, false, 503],
        [2, false, undefined],
        [3, true, 200],
      ],
    );
    assert.equal(delays.length, 2);
    assert.ok(delays[1] > delays[0], 'the second wait is longer than the first');
  });

  it('stops at once on a permanent failure and after maxAttempts on transient ones', async () => {
    const { runtime } = noWait();
    const permanent = await deliverWithRetry(
      async () => ({ ok: false, retryable: false, status: 404, error: 'HTTP 404' }),
      defaultRetryPolicy,
      runtime,
    );
    assert.deepEqual([permanent.ok, permanent.attempts, permanent.error], [false, 1, 'HTTP 404']);
    let calls = 0;
    const exhausted = await deliverWithRetry(
      async () => {
        calls++;
        throw new Error('socket hang up');
      },
      { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 },
      runtime,
    );
    assert.deepEqual([exhausted.ok, exhausted.attempts, calls], [false, 3, 3]);
  });

  it('honours Retry-After up to the cap', async () => {
    const { delays, runtime } = noWait();
    const answers = [
      httpOutcome({ status: 429, headers: { 'retry-after': '7' }, body: '' }),
      { ok: true, retryable: false },
    ];
    await deliverWithRetry(
      async (n) => answers[n - 1],
      { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 60_000 },
      runtime,
    );
    assert.deepEqual(delays, [7_000]);
  });

  it('classifies HTTP statuses: 2xx ok, 408/429/5xx retry, other 4xx give up', () => {
    const r = (status: number) => httpOutcome({ status, headers: {}, body: '' });
    assert.equal(r(204).ok, true);
    assert.deepEqual(
      [408, 429, 500, 502].map((s) => r(s).retryable),
      [true, true, true, true],
    );
    assert.deepEqual(
      [400, 401, 403, 404, 410].map((s) => r(s).retryable),
      [false, false, false, false, false],
    );
  });
});
