/**
 * The match stage: tags each mention with the topics (and their brands) whose queries it matches, and
 * drops a mention that matches none unless its origin keeps unmatched mentions
 * (`IngestOrigin.keepUnmatched`, from the source's setting). A workspace with no active topic keeps
 * everything: before anyone has written a query there is nothing to filter by, and dropping the whole
 * stream would look like a broken connector.
 */
import type { Mention } from '../../domain/mention.ts';
import type { Stage, StageContext } from '../../ports/stage.ts';
import type { TopicMatch } from '../../query/index.ts';

export interface TopicTagger {
  match(mention: Mention): TopicMatch;
  hasTopics(workspaceId: string): boolean;
}

export interface MatchStageOptions {
  /** Keep everything for a workspace that has no active topic (default true). */
  keepAllWithoutTopics?: boolean;
  /** Told when matching one mention throws; the mention is kept untagged. */
  onError?: (error: unknown, mention: Mention) => void;
}

function union(a: string[] | undefined, b: string[]): string[] {
  if (!a?.length) return b;
  return [...new Set([...a, ...b])];
}

export function createMatchStage(tagger: TopicTagger, options: MatchStageOptions = {}): Stage {
  const keepAllWithoutTopics = options.keepAllWithoutTopics ?? true;
  return {
    name: 'match',
    process(batch: Mention[], ctx: StageContext): Mention[] {
      const keepUnmatched = ctx.origin.keepUnmatched === true;
      const hasTopics = new Map<string, boolean>();
      const out: Mention[] = [];
      for (const m of batch) {
        let result: TopicMatch;
        try {
          result = tagger.match(m);
        } catch (error) {
          options.onError?.(error, m);
          out.push(m);
          continue;
        }
        if (result.topicIds.length > 0) {
          m.topicIds = union(m.topicIds, result.topicIds);
          if (result.brandIds.length > 0) m.brandIds = union(m.brandIds, result.brandIds);
          out.push(m);
          continue;
        }
        if (keepUnmatched) {
          out.push(m);
          continue;
        }
        let any = hasTopics.get(m.workspaceId);
        if (any === undefined) {
          any = tagger.hasTopics(m.workspaceId);
          hasTopics.set(m.workspaceId, any);
        }
        if (!any && keepAllWithoutTopics) out.push(m);
      }
      return out;
    },
  };
}
