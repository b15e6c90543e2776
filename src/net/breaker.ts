/**
 * A circuit breaker per source: after `threshold` failures in a row the source is left alone for
 * `cooldownMs`, then one trial call decides between closing again and another cooldown. It keeps a
 * dead platform from being hammered and makes the state visible in source health.
 */
import type { Clock } from '../ports/clock.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitOpenError extends Error {
  readonly code = 'ECIRCUITOPEN';
  constructor(readonly retryAt: number) {
    super(`circuit open until ${new Date(retryAt).toISOString()}`);
  }
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly threshold = 5,
    private readonly cooldownMs = 60_000,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.clock.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Throws while open; in half-open lets the caller make its one trial. */
  check(): void {
    if (this.state === 'open') throw new CircuitOpenError((this.openedAt ?? 0) + this.cooldownMs);
  }

  success(): void {
    this.failures = 0;
    this.openedAt = undefined;
  }

  failure(): void {
    this.failures++;
    if (this.state === 'half-open' || this.failures >= this.threshold) this.openedAt = this.clock.now();
  }
}
