/**
 * The topics module: named boolean queries per workspace, the live matcher built from them, and the demo
 * topics. The pipeline's match stage (src/pipeline/stages/match.ts) tags mentions through `live`.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../ports/clock.ts';
import type { MentionStore } from '../../ports/store.ts';
import type { Database } from '../../store/schema.ts';
import { LiveTopics } from './live-topics.ts';
import { createTopicsService, type TopicsService } from './topics.service.ts';

export { demoTopicInputs } from './demo-topics.ts';
export { LiveTopics } from './live-topics.ts';
export {
  createTopicsService,
  type TopicChange,
  type TopicInput,
  type TopicPatch,
  type TopicsService,
  type TopicTestResult,
  topicKinds,
} from './topics.service.ts';

export interface TopicsModule {
  service: TopicsService;
  live: LiveTopics;
  /** Rebuilds the live matcher from the database (at start; after changes made by another process). */
  reload(): Promise<void>;
}

export function createTopicsModule(deps: {
  db: Kysely<Database>;
  clock: Clock;
  mentions: MentionStore;
}): TopicsModule {
  const live = new LiveTopics();
  const service = createTopicsService({ ...deps, onChange: (change) => live.apply(change) });
  return {
    service,
    live,
    reload: async () => live.reload(await service.all()),
  };
}
