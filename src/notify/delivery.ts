/**
 * Deliveries are tasks: each attempt is recorded, transient failures (network, timeout, 408, 429, 5xx)
 * are retried with exponential backoff and jitter, permanent ones (other 4xx, bad configuration) stop
 * at once. The attempt log lets a caller persist one row per attempt.
 */
import type { Clock } from '../ports/clock.ts';
import type { DeliveryResult, NotificationMessage } from '../ports/notifier.ts';
import { type HttpResponse, OutboundError } from './http.ts';

export interface AttemptRecord {
  attempt: number;
  /** Epoch ms when the attempt started. */
  at: number;
  durationMs: number;
  ok: boolean;
  /** HTTP status or SMTP reply code, when the receiver answered. */
  status?: number;
  error?: string;
}

/** What every Firebreak notifier returns: the port's result plus the attempt log. */
export interface DeliveryReport extends DeliveryResult {
  log: AttemptRecord[];
}

/** A message with structured data for machine receivers (the generic webhook sends it as `data`). */
export interface RichMessage extends NotificationMessage {
  data?: Record<string, unknown>;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export interface AttemptOutcome {
  ok: boolean;
  retryable: boolean;
  status?: number;
  error?: string;
  /** The receiver asked us to wait this long (Retry-After, Telegram's retry_after). */
  retryAfterMs?: number;
}

export interface DeliveryRuntime {
  clock: Clock;
  sleep(ms: number): Promise<void>;
  /** [0, 1): jitter source; tests pass a seeded one. */
  random(): number;
}

export const realRuntime = (clock: Clock): DeliveryRuntime => ({
  clock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
});

/**
 * "Equal jitter": half the exponential step is fixed, half random, so retries spread out but never
 * hammer a struggling receiver with a near-zero delay.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random * step) / 2);
}

export async function deliverWithRetry(
  attempt: (n: number) => Promise<AttemptOutcome>,
  policy: RetryPolicy,
  runtime: DeliveryRuntime,
): Promise<DeliveryReport> {
  const log: AttemptRecord[] = [];
  for (let n = 1; n <= policy.maxAttempts; n++) {
    const at = runtime.clock.now();
    let outcome: AttemptOutcome;
    try {
      outcome = await attempt(n);
    } catch (error) {
      outcome = failureOutcome(error);
    }
    log.push({
      attempt: n,
      at,
      durationMs: Math.max(0, runtime.clock.now() - at),
      ok: outcome.ok,
      status: outcome.status,
      error: outcome.error,
    });
    if (outcome.ok) return { ok: true, attempts: n, log };
    if (!outcome.retryable || n === policy.maxAttempts) break;
    const wait = Math.max(
      backoffDelay(n, policy, runtime.random()),
      Math.min(outcome.retryAfterMs ?? 0, policy.maxDelayMs),
    );
    await runtime.sleep(wait);
  }
  const last = log[log.length - 1];
  return { ok: false, attempts: log.length, error: last?.error ?? 'not delivered', log };
}

export function failureOutcome(error: unknown): AttemptOutcome {
  if (error instanceof OutboundError) return { ok: false, retryable: error.retryable, error: error.message };
  if (error instanceof PermanentError) return { ok: false, retryable: false, error: error.message };
  return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
}

/** A failure that retrying cannot fix (bad address, missing configuration). */
export class PermanentError extends Error {}

export function httpOutcome(response: HttpResponse): AttemptOutcome {
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, retryable: false, status };
  const retryable = status === 408 || status === 429 || status >= 500;
  return {
    ok: false,
    retryable,
    status,
    error: `HTTP ${status}${response.body ? `: ${response.body.slice(0, 200).replace(/\s+/g, ' ')}` : ''}`,
    retryAfterMs: retryAfterMs(response.headers['retry-after']),
  };
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
