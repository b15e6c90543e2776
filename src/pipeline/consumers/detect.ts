/**
 * Feeds stored mentions to the detectors (src/detect/watch.ts) and hands their signals to the alerts
 * module. Reads the crisis-word lexicon (src/detect/terms/crisis-terms.yaml) once, and each brand's
 * detector settings (sensitivity, switched-off detectors, extra crisis terms) through `settingsFor`,
 * cached for a minute so the hot path never waits on the database.
 * State is per process: in scale-out, run detection in one process (a single consumer group member).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../config/paths.ts';
import type { CrisisLexiconData } from '../../detect/emerging-terms.ts';
import { DetectWatch, type DetectWatchOptions } from '../../detect/watch.ts';
import type { Signal } from '../../domain/entities.ts';
import type { Mention } from '../../domain/mention.ts';
import type { DetectorSettings } from '../../modules/alerts/alerts.model.ts';
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
}

export function createDetectConsumer(
  accept: (signals: Signal[]) => Promise<unknown>,
  options: DetectConsumerOptions = {},
): StoredMentionConsumer & { watch: DetectWatch } {
  const { settingsFor, settingsTtlMs = 60_000, ...watchOptions } = options;
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
  return {
    name: 'detect',
    watch,
    async consume(batch: Mention[], ctx) {
      await refresh(batch, ctx.clock.now());
      const signals = watch.observe(batch);
      if (signals.length) await accept(signals);
    },
  };
}
