/**
 * Puts every stored negative mention of a brand into the response inbox. Runs as its own consumer group,
 * so a slow inbox never delays detection; the inbox's unique key makes redelivered batches harmless.
 */
import type { Mention } from '../../domain/mention.ts';
import type { StoredMentionConsumer } from '../../ports/stage.ts';

export function createInboxConsumer(enqueue: (batch: Mention[]) => Promise<number>): StoredMentionConsumer {
  return {
    name: 'inbox',
    async consume(batch) {
      await enqueue(batch);
    },
  };
}
