/**
 * Feeds stored mentions to the detectors (src/detect/watch.ts) and hands their signals to the alerts
 * module. Reads the crisis-word lexicon (src/detect/terms/crisis-terms.yaml) once, and each brand's
 * detector settings (sensitivity, switched-off detectors, extra crisis terms) through `settingsFor`,
 * cached for a minute so the hot path never waits on the database.
 * State is per process, so one process runs it: the holder of the `detectors` lease (assemble.ts,
 * src/pipeline/leadership.ts).
 * With a `state` store, the watch's learned baselines survive restarts: `restore()` reads the saved
 * snapshots before the first mention, the consumer saves them every `snapshotEveryMs` (wall clock, the
 * context's clock) and `persist()` saves them at shutdown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../config/paths.ts';
import type { CrisisLexiconData } from '../../detect/emerging-terms.ts';
import { DetectWatch, type DetectWatchOptions, type WatchSnapshot } from '../../detect/watch.ts';
import type { Signal } from '../../domain/entities.ts';
import type { Mention } from '../../domain/mention.ts';
import type { DetectorSettings } from '../../modules/alerts/alerts.model.ts';
import type { DetectorStateStore } from '../../ports/detector-state.ts';
import type { StoredMentionConsumer } from '../../ports/stage.ts';

export const CRISIS_TERMS_FILE = join(packageRoot, 'src', 'detect', 'terms', 'crisis-terms.yaml');

let cachedTerms: CrisisLexiconData | undefined;

/** The committed crisis-word lexicon, read once per process. */
export function loadCrisisTerms(file = CRISIS_TERMS_FILE): CrisisLexiconData {
  if (file === CRISIS_TERMS_FILE && cachedTerms) return cachedTerms;
  const data = (parse(readFileSync(file, 'utf8')) ?? {}) as CrisisLexiconData;
  if (file === CRISIS_TERMS_FILE) cachedTerms = data;
  return data;
}

export interface DetectConsumerOptions extends Partial<DetectWatchOptions> {
  /** Per-brand detector settings (the alerts module's `settings.detectorSettings`). */
  settingsFor?: (workspaceId: string, brandId: string) => Promise<DetectorSettings>;
  /** How long a brand's settings are reused before being read again. */
  settingsTtlMs?: number;
  /** Where the learned state is kept across restarts. */
  state?: DetectorStateStore;
  /** How often (ms, by the consumer's clock) the state is saved while mentions flow. */
  snapshotEveryMs?: number;
  /** A failed save or restore (the detectors go on; they learn again at worst). */
  onStateError?: (err: unknown, what: 'save' | 'restore') => void;
}

export interface DetectConsumer extends StoredMentionConsumer {
  watch: DetectWatch;
  /** Reads the saved snapshots into the watch; call before the first mention. Returns the workspaces. */
  restore(): Promise<number>;
  /** Saves every workspace's snapshot now (at shutdown: after the pipeline has drained). */
  persist(now: number): Promise<void>;
}

export function createDetectConsumer(
  accept: (signals: Signal[]) => Promise<unknown>,
  options: DetectConsumerOptions = {},
): DetectConsumer {
  const {
    settingsFor,
    settingsTtlMs = 60_000,
    state,
    snapshotEveryMs = 5 * 60_000,
    onStateError,
    ...watchOptions
  } = options;
  const cache = new Map<string, { at: number; value: DetectorSettings }>();
  const watch = new DetectWatch({
    crisisTerms: loadCrisisTerms(),
    ...watchOptions,
    settings: settingsFor ? (ws, brand) => cache.get(`${ws}\u0000${brand}`)?.value : undefined,
  });
  const refresh = async (batch: Mention[], now: number) => {
    if (!settingsFor) return;
    const wanted = new Map<string, [string, string]>();
    for (const m of batch)
      for (const b of m.brandIds ?? []) wanted.set(`${m.workspaceId}\u0000${b}`, [m.workspaceId, b]);
    for (const [key, [ws, brand]] of wanted) {
      const hit = cache.get(key);
      if (hit && now - hit.at < settingsTtlMs) continue;
      try {
        cache.set(key, { at: now, value: await settingsFor(ws, brand) });
      } catch {
        // Unreadable settings: keep the last known (or the defaults) rather than stop detecting.
        if (hit) hit.at = now;
      }
    }
  };
  let lastSavedAt: number | undefined;
  let saving: Promise<void> = Promise.resolve();
  const persist = (now: number): Promise<void> => {
    lastSavedAt = now;
    // One save at a time; each workspace's snapshot is taken when its turn comes.
    saving = saving.then(async () => {
      if (!state) return;
      for (const ws of watch.workspaceIds()) {
        const snap = watch.snapshot(ws);
        if (!snap) continue;
        try {
          await state.save(ws, snap, now);
        } catch (err) {
          onStateError?.(err, 'save');
        }
      }
    });
    return saving;
  };
  return {
    name: 'detect',
    watch,
    async restore() {
      if (!state) return 0;
      let n = 0;
      let saved: Map<string, unknown>;
      try {
        saved = await state.loadAll();
      } catch (err) {
        onStateError?.(err, 'restore');
        return 0;
      }
      for (const [ws, snap] of saved)
        try {
          if (watch.restore(ws, snap as WatchSnapshot)) n++;
        } catch (err) {
          // A malformed snapshot: this workspace learns again (its partial state is harmless: counts).
          onStateError?.(err, 'restore');
        }
      return n;
    },
    persist,
    async consume(batch: Mention[], ctx) {
      const now = ctx.clock.now();
      await refresh(batch, now);
      const signals = watch.observe(batch);
      if (signals.length) await accept(signals);
      if (state) {
        lastSavedAt ??= now;
        if (now - lastSavedAt >= snapshotEveryMs) await persist(now);
      }
    },
  };
}
