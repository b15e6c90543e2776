import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ManualClock } from '../ports/clock.ts';
import { CircuitBreaker, CircuitOpenError } from './breaker.ts';
import { nextAllowedAt, parseReset, retryAfter } from './rate-limit.ts';

const now = Date.parse('2026-11-25T00:00:00Z');

it('reads reset as seconds-to-go (Reddit, IETF), epoch seconds (X) and an ISO timestamp (Mastodon)', () => {
  assert.equal(parseReset('212', now), now + 212_000);
  assert.equal(parseReset('1795564800', now), 1_795_564_800_000);
  assert.equal(parseReset('2026-11-25T00:05:00.000Z', now), now + 300_000);
  assert.equal(parseReset('soon', now), undefined);
});

it('spreads the remaining budget over the window and waits for the reset when it is spent', () => {
  assert.equal(
    nextAllowedAt({ 'x-ratelimit-remaining': '599.0', 'x-ratelimit-reset': '600' }, now),
    now + 1001,
  );
  assert.equal(
    nextAllowedAt({ 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '212' }, now),
    now + 212_000,
  );
  assert.equal(
    nextAllowedAt({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 60) }, now),
    now + 60_000,
  );
  assert.equal(nextAllowedAt({}, now), undefined);
  assert.equal(retryAfter({ 'retry-after': 'Wed, 25 Nov 2026 00:00:30 GMT' }, now), now + 30_000);
});

it('the breaker opens after the threshold, lets one trial through after the cooldown, and closes on success', () => {
  const clock = new ManualClock(now);
  const breaker = new CircuitBreaker(clock, 3, 10_000);
  breaker.failure();
  breaker.failure();
  assert.equal(breaker.state, 'closed');
  breaker.failure();
  assert.equal(breaker.state, 'open');
  assert.throws(() => breaker.check(), CircuitOpenError);
  clock.advance(10_000);
  assert.equal(breaker.state, 'half-open');
  breaker.failure();
  assert.equal(breaker.state, 'open', 'a failed trial re-opens at once');
  clock.advance(10_000);
  breaker.success();
  assert.equal(breaker.state, 'closed');
});
