/** PostgreSQL mention store: multi-row INSERT … ON CONFLICT DO NOTHING RETURNING, rollups upserted in the same transaction. */
import { type Kysely, sql } from 'kysely';
import type { Mention } from '../../domain/mention.ts';
import type {
  MentionQuery,
  MentionStore,
  RollupPoint,
  RollupQuery,
  StoredMention,
} from '../../ports/store.ts';
import { bucketStart, fromRow, MINUTE_MS, mentionKeyOf, rollupDeltas, toRow } from '../mention-rows.ts';
import type { Database } from '../schema.ts';

/** 27 columns × 1,000 rows stays under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1_000;

export class PostgresMentionStore implements MentionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertNew(batch: Mention[], ingestedAt: number, sourceId?: string): Promise<StoredMention[]> {
    if (batch.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const stored: StoredMention[] = [];
      for (let i = 0; i < batch.length; i += CHUNK) {
        const chunk = batch.slice(i, i + CHUNK);
        // Within one statement a repeated identity would make ON CONFLICT fail; keep the first.
        const unique = new Map<string, Mention>();
        for (const m of chunk) if (!unique.has(mentionKeyOf(m))) unique.set(mentionKeyOf(m), m);
        const rows = await trx
          .insertInto('mentions')
          .values([...unique.values()].map((m) => toRow(m, ingestedAt, sourceId)))
          .onConflict((oc) => oc.columns(['workspace_id', 'source', 'external_id']).doNothing())
          .returning(['seq', 'workspace_id', 'source', 'external_id'])
          .execute();
        for (const r of rows) {
          const m = unique.get(
            mentionKeyOf({ workspaceId: r.workspace_id, source: r.source, externalId: r.external_id }),
          );
          if (!m) continue;
          const s = m as StoredMention;
          s.seq = Number(r.seq);
          s.ingestedAt = ingestedAt;
          if (sourceId) s.sourceId = sourceId;
          stored.push(s);
        }
      }
      stored.sort((a, b) => a.seq - b.seq);
      for (const d of rollupDeltas(stored)) {
        let unique = 0;
        if (d.authors.size > 0) {
          const inserted = await trx
            .insertInto('rollup_authors')
            .values(
              [...d.authors].map((author) => ({
                workspace_id: d.workspaceId,
                scope: d.scope,
                minute: d.minute,
                author,
              })),
            )
            .onConflict((oc) => oc.doNothing())
            .returning('author')
            .execute();
          unique = inserted.length;
        }
        await trx
          .insertInto('rollups')
          .values({
            workspace_id: d.workspaceId,
            scope: d.scope,
            minute: d.minute,
            source: d.source,
            count: d.count,
            negative: d.negative,
            reach: d.reach,
            unique_authors: unique,
          })
          .onConflict((oc) =>
            oc.columns(['workspace_id', 'scope', 'minute', 'source']).doUpdateSet({
              count: sql`rollups.count + excluded.count`,
              negative: sql`rollups.negative + excluded.negative`,
              reach: sql`rollups.reach + excluded.reach`,
              unique_authors: sql`rollups.unique_authors + excluded.unique_authors`,
            }),
          )
          .execute();
      }
      return stored;
    });
  }

  async list(q: MentionQuery): Promise<StoredMention[]> {
    let query = this.db.selectFrom('mentions').selectAll().where('workspace_id', '=', q.workspaceId);
    if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
    if (q.source) query = query.where('source', '=', q.source);
    if (q.sentiment) query = query.where('sentiment_label', '=', q.sentiment);
    if (q.topicId) query = query.where(sql<boolean>`topic_ids::jsonb ? ${q.topicId}`);
    if (q.brandId) query = query.where(sql<boolean>`brand_ids::jsonb ? ${q.brandId}`);
    const rows = await query
      .orderBy('seq', q.afterSeq !== undefined ? 'asc' : 'desc')
      .limit(q.limit)
      .execute();
    return rows.map(fromRow);
  }

  async get(workspaceId: string, source: string, externalId: string): Promise<StoredMention | undefined> {
    const row = await this.db
      .selectFrom('mentions')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('source', '=', source)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async count(workspaceId: string): Promise<number> {
    const row = await this.db
      .selectFrom('mentions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async rollups(q: RollupQuery): Promise<RollupPoint[]> {
    const size = q.bucketMinutes * MINUTE_MS;
    const rows = await sql<RollupPoint>`
      SELECT (minute / ${size}) * ${size} AS t, SUM(count)::float8 AS count, SUM(negative)::float8 AS negative,
             SUM(reach)::float8 AS reach, SUM(unique_authors)::float8 AS "uniqueAuthors"
      FROM rollups
      WHERE workspace_id = ${q.workspaceId} AND scope = ${q.scope} AND minute >= ${bucketStart(q.from, 1)} AND minute < ${q.to}
      ${q.source ? sql`AND source = ${q.source}` : sql``}
      GROUP BY 1 ORDER BY 1`.execute(this.db);
    return rows.rows.map((r) => ({ ...r, t: Number(r.t) }));
  }

  async rollupsBySource(q: Omit<RollupQuery, 'bucketMinutes' | 'source'>): Promise<Record<string, number>> {
    const rows = await sql<{ source: string; n: number }>`
      SELECT source, SUM(count)::float8 AS n FROM rollups
      WHERE workspace_id = ${q.workspaceId} AND scope = ${q.scope} AND minute >= ${bucketStart(q.from, 1)} AND minute < ${q.to}
      GROUP BY source`.execute(this.db);
    return Object.fromEntries(rows.rows.map((r) => [r.source, Number(r.n)]));
  }
}
