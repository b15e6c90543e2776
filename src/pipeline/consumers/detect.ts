/**
 * Feeds stored mentions to the detectors and hands their signals to the alerts module.
 * State is per process: in scale-out, run detection in one process (a single consumer group member).
 */

import { SpikeWatch, type SpikeWatchOptions } from '../../detect/spike-watch.ts';
import type { Signal } from '../../domain/entities.ts';
import type { Mention } from '../../domain/mention.ts';
import type { StoredMentionConsumer } from '../../ports/stage.ts';

export function createDetectConsumer(
  accept: (signals: Signal[]) => Promise<unknown>,
  options: Partial<SpikeWatchOptions> = {},
): StoredMentionConsumer {
  const watch = new SpikeWatch(options);
  return {
    name: 'detect',
    async consume(batch: Mention[]) {
      const signals = watch.observe(batch);
      if (signals.length) await accept(signals);
    },
  };
}
