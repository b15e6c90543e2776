/**
 * The process's live matcher: built from every stored topic at start, then updated incrementally by the
 * service after each committed write (one topic and the topics that reference it are recompiled).
 */
import type { Topic } from '../../domain/entities.ts';
import type { Mention } from '../../domain/mention.ts';
import { type TopicDefinition, type TopicMatch, TopicMatcher, type TopicProblem } from '../../query/index.ts';
import type { TopicChange } from './topics.service.ts';

function definition(t: Topic): TopicDefinition {
  return {
    id: t.id,
    workspaceId: t.workspaceId,
    brandId: t.brandId,
    name: t.name,
    query: t.query,
    active: t.active,
  };
}

export class LiveTopics {
  private matcher = new TopicMatcher();
  /** Kind and brand per topic id, for the detectors (a competitor topic is not the brand's own stream). */
  private readonly kinds = new Map<string, { kind: Topic['kind']; brandId: string | null; name: string }>();

  /** Replaces everything, e.g. at start or when another process may have changed topics. */
  reload(topics: Topic[]): void {
    this.matcher = new TopicMatcher(topics.map(definition));
    this.kinds.clear();
    for (const t of topics) this.kinds.set(t.id, { kind: t.kind, brandId: t.brandId, name: t.name });
  }

  apply(change: TopicChange): void {
    if (change.type === 'upsert') {
      this.matcher.upsert(definition(change.topic));
      const t = change.topic;
      this.kinds.set(t.id, { kind: t.kind, brandId: t.brandId, name: t.name });
    } else {
      this.matcher.remove(change.topic.id);
      this.kinds.delete(change.topic.id);
    }
  }

  /** A topic's kind, brand and name (undefined for an unknown id). */
  info(topicId: string): { kind: Topic['kind']; brandId: string | null; name: string } | undefined {
    return this.kinds.get(topicId);
  }

  match(mention: Mention): TopicMatch {
    return this.matcher.match(mention);
  }

  hasTopics(workspaceId: string): boolean {
    return this.matcher.hasTopics(workspaceId);
  }

  problems(): TopicProblem[] {
    return this.matcher.problems();
  }
}
