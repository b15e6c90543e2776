/** Mention ⇄ row mapping and rollup deltas, shared by the SQLite and PostgreSQL adapters. */
import type { Mention } from '../domain/mention.ts';
import type { StoredMention } from '../ports/store.ts';
import type { MentionsTable } from './schema.ts';

export type MentionRow = Omit<MentionsTable, 'seq'>;

export const mentionColumns = [
  'workspace_id',
  'source',
  'external_id',
  'source_id',
  'created_at',
  'ingested_at',
  'text',
  'url',
  'title',
  'author_handle',
  'author_name',
  'author_followers',
  'author_verified',
  'lang',
  'country',
  'parent_id',
  'likes',
  'shares',
  'replies',
  'raw',
  'topic_ids',
  'brand_ids',
  'sentiment_label',
  'sentiment_score',
  'categories',
  'story_id',
  'reach',
] as const satisfies readonly (keyof MentionRow)[];

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const nonEmpty = (v: unknown[] | undefined) => (v && v.length > 0 ? JSON.stringify(v) : null);

export function toRow(m: Mention, ingestedAt: number, sourceId?: string): MentionRow {
  return {
    workspace_id: m.workspaceId,
    source: m.source,
    external_id: m.externalId,
    source_id: sourceId ?? null,
    created_at: m.createdAt,
    ingested_at: ingestedAt,
    text: m.text,
    url: m.url ?? null,
    title: m.title ?? null,
    author_handle: m.author?.handle ?? null,
    author_name: m.author?.name ?? null,
    author_followers: m.author?.followers ?? null,
    author_verified: m.author?.verified === undefined ? null : m.author.verified ? 1 : 0,
    lang: m.lang ?? null,
    country: m.country ?? null,
    parent_id: m.parentId ?? null,
    likes: m.engagement?.likes ?? null,
    shares: m.engagement?.shares ?? null,
    replies: m.engagement?.replies ?? null,
    raw: json(m.raw),
    topic_ids: nonEmpty(m.topicIds),
    brand_ids: nonEmpty(m.brandIds),
    sentiment_label: m.sentiment?.label ?? null,
    sentiment_score: m.sentiment?.score ?? null,
    categories: nonEmpty(m.categories),
    story_id: m.storyId ?? null,
    reach: m.reach ?? null,
  };
}

export function fromRow(r: MentionRow & { seq: number }): StoredMention {
  const m: StoredMention = {
    seq: Number(r.seq),
    workspaceId: r.workspace_id,
    source: r.source,
    externalId: r.external_id,
    text: r.text,
    createdAt: Number(r.created_at),
    ingestedAt: Number(r.ingested_at),
  };
  if (r.source_id) m.sourceId = r.source_id;
  if (r.url) m.url = r.url;
  if (r.title) m.title = r.title;
  if (r.author_handle) {
    m.author = { handle: r.author_handle };
    if (r.author_name) m.author.name = r.author_name;
    if (r.author_followers !== null) m.author.followers = Number(r.author_followers);
    if (r.author_verified !== null) m.author.verified = r.author_verified === 1;
  }
  if (r.lang) m.lang = r.lang;
  if (r.country) m.country = r.country;
  if (r.parent_id) m.parentId = r.parent_id;
  if (r.likes !== null || r.shares !== null || r.replies !== null) {
    m.engagement = {
      likes: Number(r.likes ?? 0),
      shares: Number(r.shares ?? 0),
      replies: Number(r.replies ?? 0),
    };
  }
  if (r.raw) m.raw = JSON.parse(r.raw);
  if (r.topic_ids) m.topicIds = JSON.parse(r.topic_ids);
  if (r.brand_ids) m.brandIds = JSON.parse(r.brand_ids);
  if (r.sentiment_label) {
    m.sentiment = {
      label: r.sentiment_label as 'negative' | 'neutral' | 'positive',
      score: Number(r.sentiment_score ?? 0),
    };
  }
  if (r.categories) m.categories = JSON.parse(r.categories);
  if (r.story_id) m.storyId = r.story_id;
  if (r.reach !== null) m.reach = Number(r.reach);
  return m;
}

export interface RollupDelta {
  workspaceId: string;
  scope: string;
  minute: number;
  source: string;
  count: number;
  negative: number;
  reach: number;
  /** `source:handle` of every author seen in this cell. */
  authors: Set<string>;
}

export const MINUTE_MS = 60_000;

/** The rollup cells each new mention adds to: the workspace ('*'), each brand and each topic it matched. */
export function rollupDeltas(mentions: Mention[]): RollupDelta[] {
  const cells = new Map<string, RollupDelta>();
  for (const m of mentions) {
    const minute = Math.floor(m.createdAt / MINUTE_MS) * MINUTE_MS;
    const negative = m.sentiment?.label === 'negative' ? 1 : 0;
    const reach = m.reach ?? m.author?.followers ?? 0;
    const author = m.author ? `${m.source}:${m.author.handle.toLowerCase()}` : undefined;
    const scopes = ['*'];
    for (const b of m.brandIds ?? []) scopes.push(`b:${b}`);
    for (const t of m.topicIds ?? []) scopes.push(`t:${t}`);
    for (const scope of scopes) {
      const key = `${m.workspaceId}\u0000${scope}\u0000${minute}\u0000${m.source}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = {
          workspaceId: m.workspaceId,
          scope,
          minute,
          source: m.source,
          count: 0,
          negative: 0,
          reach: 0,
          authors: new Set(),
        };
        cells.set(key, cell);
      }
      cell.count += 1;
      cell.negative += negative;
      cell.reach += reach;
      if (author) cell.authors.add(author);
    }
  }
  // A stable order keeps concurrent PostgreSQL writers from deadlocking on the same rows.
  return [...cells.values()].sort(
    (a, b) =>
      compare(a.workspaceId, b.workspaceId) ||
      compare(a.scope, b.scope) ||
      a.minute - b.minute ||
      compare(a.source, b.source),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function bucketStart(t: number, bucketMinutes: number): number {
  const size = bucketMinutes * MINUTE_MS;
  return Math.floor(t / size) * size;
}

export function mentionKeyOf(m: { workspaceId: string; source: string; externalId: string }): string {
  return `${m.workspaceId}\u0000${m.source}\u0000${m.externalId}`;
}
