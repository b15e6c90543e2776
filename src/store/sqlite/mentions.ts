/**
 * SQLite mention store. Ingest is the hot path, so it uses prepared better-sqlite3 statements in one
 * transaction per batch instead of the query builder (≈ 2× faster here); reads go through SQL too.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Mention } from '../../domain/mention.ts';
import type {
  MentionQuery,
  MentionStore,
  RollupPoint,
  RollupQuery,
  StoredMention,
} from '../../ports/store.ts';
import { bucketStart, fromRow, MINUTE_MS, mentionColumns, rollupDeltas, toRow } from '../mention-rows.ts';

export class SqliteMentionStore implements MentionStore {
  private insertBatchFn?: (batch: Mention[], ingestedAt: number, sourceId?: string) => StoredMention[];

  constructor(private readonly sqlite: SqliteDatabase.Database) {}

  /** Prepared on first use: the store may be opened before the schema exists (`migrate`, `doctor`). */
  private get insertBatch() {
    this.insertBatchFn ??= this.prepareInsert();
    return this.insertBatchFn;
  }

  private prepareInsert() {
    const sqlite = this.sqlite;
    const insertMention = sqlite.prepare(
      `INSERT INTO mentions (${mentionColumns.join(', ')}) VALUES (${mentionColumns.map(() => '?').join(', ')})
       ON CONFLICT (workspace_id, source, external_id) DO NOTHING`,
    );
    const insertAuthor = sqlite.prepare(
      `INSERT INTO rollup_authors (workspace_id, scope, minute, author) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const upsertRollup = sqlite.prepare(
      `INSERT INTO rollups (workspace_id, scope, minute, source, count, negative, reach, unique_authors)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, scope, minute, source) DO UPDATE SET
         count = count + excluded.count, negative = negative + excluded.negative,
         reach = reach + excluded.reach, unique_authors = unique_authors + excluded.unique_authors`,
    );
    return sqlite.transaction((batch: Mention[], ingestedAt: number, sourceId?: string) => {
      const stored: StoredMention[] = [];
      for (const m of batch) {
        // Positional binding: ~20% faster than named parameters on the ingest hot path (bench/ingest).
        const row = toRow(m, ingestedAt, sourceId);
        const result = insertMention.run(mentionColumns.map((c) => row[c]));
        if (result.changes === 1) {
          const s = m as StoredMention;
          s.seq = Number(result.lastInsertRowid);
          s.ingestedAt = ingestedAt;
          if (sourceId) s.sourceId = sourceId;
          stored.push(s);
        }
      }
      for (const d of rollupDeltas(stored)) {
        let unique = 0;
        for (const author of d.authors)
          unique += insertAuthor.run(d.workspaceId, d.scope, d.minute, author).changes;
        upsertRollup.run(d.workspaceId, d.scope, d.minute, d.source, d.count, d.negative, d.reach, unique);
      }
      return stored;
    });
  }

  async insertNew(batch: Mention[], ingestedAt: number, sourceId?: string): Promise<StoredMention[]> {
    return batch.length === 0 ? [] : this.insertBatch(batch, ingestedAt, sourceId);
  }

  async list(q: MentionQuery): Promise<StoredMention[]> {
    const where = ['workspace_id = @workspaceId'];
    const params: Record<string, unknown> = { workspaceId: q.workspaceId, limit: q.limit };
    if (q.beforeSeq !== undefined) {
      where.push('seq < @beforeSeq');
      params.beforeSeq = q.beforeSeq;
    }
    if (q.afterSeq !== undefined) {
      where.push('seq > @afterSeq');
      params.afterSeq = q.afterSeq;
    }
    if (q.source) {
      where.push('source = @source');
      params.source = q.source;
    }
    if (q.sentiment) {
      where.push('sentiment_label = @sentiment');
      params.sentiment = q.sentiment;
    }
    if (q.topicId) {
      where.push('EXISTS (SELECT 1 FROM json_each(mentions.topic_ids) WHERE value = @topicId)');
      params.topicId = q.topicId;
    }
    if (q.brandId) {
      where.push('EXISTS (SELECT 1 FROM json_each(mentions.brand_ids) WHERE value = @brandId)');
      params.brandId = q.brandId;
    }
    const order = q.afterSeq !== undefined ? 'ASC' : 'DESC';
    const rows = this.sqlite
      .prepare(`SELECT * FROM mentions WHERE ${where.join(' AND ')} ORDER BY seq ${order} LIMIT @limit`)
      .all(params) as Parameters<typeof fromRow>[0][];
    return rows.map(fromRow);
  }

  async get(workspaceId: string, source: string, externalId: string): Promise<StoredMention | undefined> {
    const row = this.sqlite
      .prepare('SELECT * FROM mentions WHERE workspace_id = ? AND source = ? AND external_id = ?')
      .get(workspaceId, source, externalId) as Parameters<typeof fromRow>[0] | undefined;
    return row ? fromRow(row) : undefined;
  }

  async count(workspaceId: string): Promise<number> {
    const row = this.sqlite
      .prepare('SELECT COUNT(*) AS n FROM mentions WHERE workspace_id = ?')
      .get(workspaceId) as {
      n: number;
    };
    return row.n;
  }

  async rollups(q: RollupQuery): Promise<RollupPoint[]> {
    const size = q.bucketMinutes * MINUTE_MS;
    const rows = this.sqlite
      .prepare(
        `SELECT (minute / CAST(@size AS INTEGER)) * CAST(@size AS INTEGER) AS t, SUM(count) AS count, SUM(negative) AS negative, SUM(reach) AS reach,
                SUM(unique_authors) AS uniqueAuthors
         FROM rollups WHERE workspace_id = @workspaceId AND scope = @scope AND minute >= @from AND minute < @to
         ${q.source ? 'AND source = @source' : ''}
         GROUP BY t ORDER BY t`,
      )
      .all({
        size,
        workspaceId: q.workspaceId,
        scope: q.scope,
        from: bucketStart(q.from, 1),
        to: q.to,
        ...(q.source ? { source: q.source } : {}),
      }) as RollupPoint[];
    return rows;
  }

  async rollupsBySource(q: Omit<RollupQuery, 'bucketMinutes' | 'source'>): Promise<Record<string, number>> {
    const rows = this.sqlite
      .prepare(
        `SELECT source, SUM(count) AS n FROM rollups
         WHERE workspace_id = ? AND scope = ? AND minute >= ? AND minute < ? GROUP BY source`,
      )
      .all(q.workspaceId, q.scope, bucketStart(q.from, 1), q.to) as { source: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.source, r.n]));
  }
}
