/**
 * The topics module: named boolean queries per workspace and the live matcher built from them. The
 * pipeline's match stage (src/pipeline/stages/match.ts) tags mentions through `live`. (The demo's topics
 * are data: data/demo/topics.json.)
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../ports/clock.ts';
import type { MentionStore } from '../../ports/store.ts';
import type { Database } from '../../store/schema.ts';
import { LiveTopics } from './live-topics.ts';
import { createTopicsService, type TopicsService } from './topics.service.ts';

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
  /** Rebuilds only if the table's count or latest update differ from the last load; true if it did. */
  refreshIfChanged(): Promise<boolean>;
  /**
   * Scale-out: other processes write topics too. Every `intervalMs`, rebuilds when the table's count or
   * latest update differ from the last load. Returns the stopper.
   */
  startRefresh(intervalMs: number, onError?: (error: unknown) => void): () => void;
}

export function createTopicsModule(deps: {
  db: Kysely<Database>;
  clock: Clock;
  mentions: MentionStore;
}): TopicsModule {
  const live = new LiveTopics();
  const service = createTopicsService({ ...deps, onChange: (change) => live.apply(change) });
  let loaded = '';
  const signature = async () => {
    const row = await deps.db
      .selectFrom('topics')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('latest')])
      .executeTakeFirst();
    return `${Number(row?.n ?? 0)}:${Number(row?.latest ?? 0)}`;
  };
  const reload = async () => {
    const next = await signature();
    live.reload(await service.all());
    loaded = next;
  };
  const refreshIfChanged = async () => {
    if ((await signature()) === loaded) return false;
    await reload();
    return true;
  };
  return {
    service,
    live,
    reload,
    refreshIfChanged,
    startRefresh(intervalMs, onError) {
      const timer = setInterval(() => {
        refreshIfChanged().catch((error) => onError?.(error));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
