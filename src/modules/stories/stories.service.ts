/**
 * Stories as stored: every mention carries the `story_id` the enrich stage gave it (reply thread,
 * shared link or near-duplicate text, src/enrich/stories.ts), so a story is the indexed range
 * (workspace_id, story_id, created_at) of the mentions table. Its origin is the earliest member, its
 * size the member count, its spread the members per source over time. Nothing is kept twice: a
 * story's figures are always those of its stored mentions (exactly-once storage makes them exact).
 */
import { type Kysely, sql } from 'kysely';
import { errors } from '../../domain/errors.ts';
import type { StoredMention } from '../../ports/store.ts';
import { fromRow } from '../../store/mention-rows.ts';
import type { Dialect } from '../../store/migration.ts';
import type { Database } from '../../store/schema.ts';

export interface StorySummary {
  id: string;
  /** Members in the window asked for (or in all time for one story). */
  members: number;
  negative: number;
  reach: number;
  sources: Record<string, number>;
  firstAt: number;
  lastAt: number;
  /** The earliest member of the whole story (not only of the window). */
  origin: StoredMention | null;
}

export interface StoryDetail extends StorySummary {
  /** Members per source per bucket, oldest first. */
  spread: Array<{ t: number; source: string; count: number }>;
  bucketMinutes: number;
  items: StoredMention[];
  /** Cursor for the next page of members (oldest first), null at the end. */
  next: string | null;
}

export interface TopStoriesQuery {
  workspaceId: string;
  from: number;
  to: number;
  brandId?: string;
  limit?: number;
  /** Order by member count (default), negative members or summed reach. */
  by?: 'members' | 'negative' | 'reach';
}

export type StoriesService = ReturnType<typeof createStoriesService>;

function cursorOf(m: StoredMention): string {
  return `${m.createdAt}_${m.seq}`;
}

function parseCursor(c: string | undefined): { at: number; seq: number } | undefined {
  if (!c) return undefined;
  const m = /^(-?\d{1,16})_(\d{1,19})$/.exec(c);
  if (!m) throw errors.validation('querystring.after: not a cursor from a previous page');
  return { at: Number(m[1]), seq: Number(m[2]) };
}

export function createStoriesService({ db, dialect }: { db: Kysely<Database>; dialect: Dialect }) {
  const inBrand = (brandId: string) =>
    dialect === 'postgres'
      ? sql<boolean>`brand_ids::jsonb ? ${brandId}`
      : sql<boolean>`EXISTS (SELECT 1 FROM json_each(mentions.brand_ids) WHERE value = ${brandId})`;

  async function origin(workspaceId: string, storyId: string): Promise<StoredMention | null> {
    const row = await db
      .selectFrom('mentions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('story_id', '=', storyId)
      .orderBy('created_at')
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row ? fromRow(row as never) : null;
  }

  async function sourcesOf(workspaceId: string, ids: string[], from?: number, to?: number) {
    if (ids.length === 0) return new Map<string, Record<string, number>>();
    let q = db
      .selectFrom('mentions')
      .select(['story_id', 'source', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', workspaceId)
      .where('story_id', 'in', ids);
    if (from !== undefined) q = q.where('created_at', '>=', from);
    if (to !== undefined) q = q.where('created_at', '<', to);
    const rows = await q.groupBy(['story_id', 'source']).execute();
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const s = out.get(r.story_id as string) ?? {};
      s[r.source] = Number(r.n);
      out.set(r.story_id as string, s);
    }
    return out;
  }

  return {
    /** The biggest stories of a window, optionally for one brand, with their origin posts. */
    async top(q: TopStoriesQuery): Promise<StorySummary[]> {
      const order = q.by === 'negative' ? 'negative' : q.by === 'reach' ? 'reach' : 'members';
      let query = db
        .selectFrom('mentions')
        .select([
          'story_id',
          (eb) => eb.fn.countAll<number>().as('members'),
          sql<number>`sum(case when sentiment_label = 'negative' then 1 else 0 end)`.as('negative'),
          sql<number>`coalesce(sum(reach), 0)`.as('reach'),
          (eb) => eb.fn.min('created_at').as('first_at'),
          (eb) => eb.fn.max('created_at').as('last_at'),
        ])
        .where('workspace_id', '=', q.workspaceId)
        .where('story_id', 'is not', null)
        .where('created_at', '>=', q.from)
        .where('created_at', '<', q.to);
      if (q.brandId) query = query.where(inBrand(q.brandId));
      const rows = await query
        .groupBy('story_id')
        .orderBy(sql.ref(order), 'desc')
        .orderBy('story_id')
        .limit(q.limit ?? 20)
        .execute();
      const ids = rows.map((r) => r.story_id as string);
      const sources = await sourcesOf(q.workspaceId, ids, q.from, q.to);
      const origins = await Promise.all(ids.map((id) => origin(q.workspaceId, id)));
      return rows.map((r, i) => ({
        id: r.story_id as string,
        members: Number(r.members),
        negative: Number(r.negative),
        reach: Number(r.reach),
        sources: sources.get(r.story_id as string) ?? {},
        firstAt: Number(r.first_at),
        lastAt: Number(r.last_at),
        origin: origins[i],
      }));
    },

    /** One story: origin, size, spread by source over time, and a page of members (oldest first). */
    async get(
      workspaceId: string,
      storyId: string,
      opts: { limit?: number; after?: string; bucketMinutes?: number } = {},
    ): Promise<StoryDetail> {
      const agg = await db
        .selectFrom('mentions')
        .select([
          (eb) => eb.fn.countAll<number>().as('members'),
          sql<number>`sum(case when sentiment_label = 'negative' then 1 else 0 end)`.as('negative'),
          sql<number>`coalesce(sum(reach), 0)`.as('reach'),
          (eb) => eb.fn.min('created_at').as('first_at'),
          (eb) => eb.fn.max('created_at').as('last_at'),
        ])
        .where('workspace_id', '=', workspaceId)
        .where('story_id', '=', storyId)
        .executeTakeFirstOrThrow();
      if (Number(agg.members) === 0) throw errors.notFound(`Story ${storyId}`);
      const bucketMinutes = opts.bucketMinutes ?? 60;
      const bucketMs = bucketMinutes * 60_000;
      // A literal (validated integer), so PostgreSQL sees the same expression in SELECT and GROUP BY.
      const bucket = sql<number>`(created_at - (created_at % ${sql.lit(Math.trunc(bucketMs))}))`;
      const spreadRows = await db
        .selectFrom('mentions')
        .select([bucket.as('t'), 'source', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('story_id', '=', storyId)
        .groupBy([bucket, 'source'])
        .orderBy('t')
        .orderBy('source')
        .limit(10_000)
        .execute();
      const cursor = parseCursor(opts.after);
      let members = db
        .selectFrom('mentions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('story_id', '=', storyId);
      if (cursor)
        members = members.where((eb) =>
          eb.or([
            eb('created_at', '>', cursor.at),
            eb.and([eb('created_at', '=', cursor.at), eb('seq', '>', cursor.seq)]),
          ]),
        );
      const limit = opts.limit ?? 50;
      const rows = await members
        .orderBy('created_at')
        .orderBy('seq')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map((r) => fromRow(r as never));
      const sources: Record<string, number> = {};
      for (const r of spreadRows) sources[r.source] = (sources[r.source] ?? 0) + Number(r.n);
      return {
        id: storyId,
        members: Number(agg.members),
        negative: Number(agg.negative),
        reach: Number(agg.reach),
        sources,
        firstAt: Number(agg.first_at),
        lastAt: Number(agg.last_at),
        origin: await origin(workspaceId, storyId),
        bucketMinutes,
        spread: spreadRows.map((r) => ({ t: Number(r.t), source: r.source, count: Number(r.n) })),
        items,
        next: rows.length > limit ? cursorOf(items[items.length - 1]) : null,
      };
    },
  };
}
