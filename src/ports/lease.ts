/**
 * A named lease held by one process at a time, for the work that must run once across a scaled-out
 * deployment (the detectors keep per-brand state; two processes each seeing half the mentions would
 * learn two wrong baselines). Holders renew before `expiresAt`; a crashed holder's lease lapses.
 */
export interface LeaseStore {
  /**
   * Takes or renews `name` for `holder` until `now + ttlMs` when it is free, expired, already ours, or
   * held by `takeOverFrom` (a holder known to be dead). True when `holder` holds it afterwards.
   */
  acquire(name: string, holder: string, ttlMs: number, now: number, takeOverFrom?: string): Promise<boolean>;
  /** The current holder and expiry, if any. */
  current(name: string): Promise<{ holder: string; expiresAt: number } | undefined>;
  /** Gives the lease up at once (shutdown), if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
}
