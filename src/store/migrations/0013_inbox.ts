/** The response inbox (issue 6): one item per mention that needs an answer, and the replies given. */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('inbox_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('brand_id', 'text')
      .addColumn('crisis_id', 'text')
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('negative', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lang', 'text')
      .addColumn('mention_created_at', msType, (c) => c.notNull())
      .addColumn('weight', 'real', (c) => c.notNull())
      // log2(weight) + time in half-lives: ordering by it is ordering by weight × recency decay.
      .addColumn('rank', 'real', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text')
      .addColumn('close_reason', 'text')
      .addColumn('close_note', 'text')
      .addColumn('first_reply_at', msType)
      .addColumn('entered_at', msType, (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', msType, (c) => c.notNull())
      // One item per mention, whatever retries, replays and restarts deliver.
      .addUniqueConstraint('inbox_items_mention', ['workspace_id', 'source', 'external_id'])
      .execute();
    // The queue is read most urgent first, by keyset paging on (rank, id): one index per usual filter,
    // each ending in (rank, id), so a page is an index range scan however long the queue is.
    await db.schema
      .createIndex('inbox_items_queue')
      .on('inbox_items')
      .columns(['workspace_id', 'rank', 'id'])
      .execute();
    await db.schema
      .createIndex('inbox_items_status')
      .on('inbox_items')
      .columns(['workspace_id', 'status', 'rank', 'id'])
      .execute();
    await db.schema
      .createIndex('inbox_items_crisis')
      .on('inbox_items')
      .columns(['workspace_id', 'crisis_id', 'rank', 'id'])
      .execute();
    await db.schema
      .createIndex('inbox_items_brand')
      .on('inbox_items')
      .columns(['workspace_id', 'brand_id', 'rank', 'id'])
      .execute();
    await db.schema
      .createIndex('inbox_items_assignee')
      .on('inbox_items')
      .columns(['workspace_id', 'assignee_id', 'status'])
      .execute();

    await db.schema
      .createTable('inbox_replies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('item_id', 'text', (c) => c.notNull().references('inbox_items.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('statement_id', 'text')
      .addColumn('statement_version', 'integer')
      .addColumn('user_id', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('inbox_replies_item')
      .on('inbox_replies')
      .columns(['item_id', 'at'])
      .execute();
  },
};

export default migration;
