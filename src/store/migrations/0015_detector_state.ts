/** Detector state kept across restarts (src/ports/detector-state.ts): one compressed snapshot per workspace. */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('detector_state')
      .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('saved_at', msType, (c) => c.notNull())
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  async down(db: Kysely<any>) {
    await db.schema.dropTable('detector_state').execute();
  },
};

export default migration;
