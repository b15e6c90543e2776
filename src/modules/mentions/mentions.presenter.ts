import type { StoredMention } from '../../ports/store.ts';

/** The API shape of a mention: times as ISO strings, text verbatim (clients escape it when rendering). */
export function presentMention(m: StoredMention) {
  return {
    seq: m.seq,
    source: m.source,
    id: m.externalId,
    text: m.text,
    createdAt: new Date(m.createdAt).toISOString(),
    ingestedAt: new Date(m.ingestedAt).toISOString(),
    url: m.url ?? null,
    title: m.title ?? null,
    author: m.author ?? null,
    lang: m.lang ?? null,
    country: m.country ?? null,
    parentId: m.parentId ?? null,
    engagement: m.engagement ?? null,
    topicIds: m.topicIds ?? [],
    brandIds: m.brandIds ?? [],
    sentiment: m.sentiment ?? null,
    categories: m.categories ?? [],
    storyId: m.storyId ?? null,
    reach: m.reach ?? null,
    raw: m.raw ?? null,
  };
}
