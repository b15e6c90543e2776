/** Topics: named boolean queries per workspace, optionally tied to a brand (issue 3). */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('topics')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('brand_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('topics_ws_name')
      .on('topics')
      .columns(['workspace_id', 'name_key'])
      .unique()
      .execute();
  },
};

export default migration;
