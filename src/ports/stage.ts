import type { Mention } from '../domain/mention.ts';
import type { Clock } from './clock.ts';
import type { IngestOrigin } from './ingest.ts';

export interface StageContext {
  clock: Clock;
  /** Where the batch came from; e.g. whether unmatched mentions are kept. */
  origin: IngestOrigin;
}

/**
 * A pipeline stage runs on a batch of mentions before they are stored: it tags or enriches them in
 * place and returns the ones that go on (a matcher may drop unmatched mentions). Stages must never
 * throw on one bad mention: mark it and let it through.
 */
export interface Stage {
  readonly name: string;
  process(batch: Mention[], ctx: StageContext): Mention[] | Promise<Mention[]>;
}

/**
 * A consumer sees mentions after they are stored, exactly once per stored mention in the embedded
 * mode (detectors, inbox, live stream). It gets its batch through the bus.
 */
export interface StoredMentionConsumer {
  readonly name: string;
  consume(batch: Mention[], ctx: { clock: Clock }): void | Promise<void>;
}
