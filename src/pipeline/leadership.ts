/**
 * Runs a piece of work in exactly one process of a scaled-out deployment: the one holding the named
 * lease. Every process tries to take or renew the lease every third of its time to live; the holder
 * runs the work, the others stand by and take over when the holder stops renewing (a crash, a lost
 * database) or releases it (a clean shutdown). A holder that cannot renew before its lease lapses steps
 * down, so two processes overlap for at most one renewal period after a network split.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseStore } from '../ports/lease.ts';

/** Stops the work: `lost` when another process may already run it, `shutdown` while we still hold it. */
export type StopWork = (why: 'lost' | 'shutdown') => Promise<void>;

export interface LeadershipOptions {
  lease: LeaseStore;
  name: string;
  /** Starts the work once the lease is ours; returns how to stop it. */
  lead: () => Promise<StopWork>;
  ttlMs?: number;
  onChange?: (leading: boolean) => void;
  onError?: (err: unknown) => void;
  /** Wall clock: leases coordinate real processes, whatever clock the pipeline replays with. */
  now?: () => number;
}

export interface Leadership {
  readonly holder: string;
  leading(): boolean;
  /** Stops the work (if running) and gives the lease up. */
  stop(): Promise<void>;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

/** A holder id that names this process: host, pid, and a nonce for several holders in one process. */
function newHolderId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** The holders alive in this process (several contexts can run in one process: tests, tools). */
const liveHolders = new Set<string>();

/**
 * A holder on this host whose process no longer exists (a kill -9 before a restart) need not be waited
 * out: its lease can be taken at once. A holder naming this very pid that this process does not run is
 * an earlier incarnation (a restarted container gets the same pid). Other hosts' holders are never
 * judged from here.
 */
export function isDeadLocalHolder(holder: string): boolean {
  const [host, pidText] = holder.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return !liveHolders.has(holder);
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function holdLeadership(options: LeadershipOptions): Promise<Leadership> {
  const { lease, name, lead, onChange, onError } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const now = options.now ?? Date.now;
  const holder = newHolderId();
  liveHolders.add(holder);
  let stopWork: StopWork | undefined;
  let heldUntil = 0;
  let stopped = false;
  let ticking: Promise<void> = Promise.resolve();

  async function stepDown(why: 'lost' | 'shutdown') {
    const stop = stopWork;
    stopWork = undefined;
    if (stop) {
      await stop(why);
      onChange?.(false);
    }
  }

  async function tick() {
    if (stopped) return;
    const at = now();
    try {
      let deadHolder: string | undefined;
      if (!stopWork) {
        const current = await lease.current(name);
        if (current && current.holder !== holder && isDeadLocalHolder(current.holder))
          deadHolder = current.holder;
      }
      const ours = await lease.acquire(name, holder, ttlMs, at, deadHolder);
      if (stopped) return;
      if (ours) {
        heldUntil = at + ttlMs;
        if (!stopWork) {
          try {
            stopWork = await lead();
          } catch (err) {
            // Not running it: let another process try rather than hold the lease idle.
            await lease.release(name, holder).catch(() => {});
            throw err;
          }
          onChange?.(true);
        }
      } else if (stopWork) {
        await stepDown('lost');
      }
    } catch (err) {
      onError?.(err);
      if (stopWork && now() >= heldUntil) await stepDown('lost');
    }
  }

  const runTick = () => {
    ticking = ticking.then(tick);
    return ticking;
  };
  await runTick();
  const timer = setInterval(runTick, Math.max(10, Math.floor(ttlMs / 3)));
  timer.unref();

  return {
    holder,
    leading: () => stopWork !== undefined,
    async stop() {
      if (stopped) return ticking;
      stopped = true;
      clearInterval(timer);
      await ticking;
      try {
        await stepDown('shutdown');
        // Also when not leading: a try that raced with this stop may have taken the lease.
        await lease.release(name, holder).catch((err: unknown) => onError?.(err));
      } finally {
        // Only now: until the baselines are saved, no other context of this process may take over.
        liveHolders.delete(holder);
      }
    },
  };
}
