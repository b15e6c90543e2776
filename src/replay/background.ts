/**
 * A replay that runs beside a server (the demo, drills): started without awaiting it, stopped by
 * `stop()` (wired to the app's graceful shutdown), never throwing into the void.
 */
import { type ReplayOptions, type ReplaySummary, replay } from './replay.ts';

export interface BackgroundReplay {
  /** Resolves with the summary when the stream ends or is stopped; never rejects. */
  readonly done: Promise<ReplaySummary | undefined>;
  /** Stops the replay after the records already due are stored, and waits for it. */
  stop(): Promise<void>;
}

export function startReplay(
  path: string,
  options: Omit<ReplayOptions, 'signal'> & { onError?: (error: unknown) => void },
): BackgroundReplay {
  const controller = new AbortController();
  const { onError, ...rest } = options;
  const done = replay(path, { ...rest, signal: controller.signal }).catch((error: unknown) => {
    onError?.(error);
    return undefined;
  });
  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}
