/**
 * MentionFeed over the mentions table (SQLite and PostgreSQL): the primary key is the storage order.
 * Only what an index rebuild needs is read (identity, thread, text, time, story), not the raw payload.
 */
import type { Kysely } from 'kysely';
import type { MentionFeed, StoredMention } from '../ports/store.ts';
import type { Database } from './schema.ts';

export class SqlMentionFeed implements MentionFeed {
  constructor(private readonly db: Kysely<Database>) {}

  async lastSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('mentions')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async after(afterSeq: number, limit: number): Promise<StoredMention[]> {
    const rows = await this.db
      .selectFrom('mentions')
      .select([
        'seq',
        'workspace_id',
        'source',
        'external_id',
        'parent_id',
        'text',
        'created_at',
        'ingested_at',
        'story_id',
      ])
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const m: StoredMention = {
        seq: Number(r.seq),
        workspaceId: r.workspace_id,
        source: r.source,
        externalId: r.external_id,
        text: r.text,
        createdAt: Number(r.created_at),
        ingestedAt: Number(r.ingested_at),
      };
      if (r.parent_id) m.parentId = r.parent_id;
      if (r.story_id) m.storyId = r.story_id;
      return m;
    });
  }
}
