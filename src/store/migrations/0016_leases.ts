/** Named leases (src/ports/lease.ts): which process runs the work that must run once, until when. */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires_at', msType, (c) => c.notNull())
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  async down(db: Kysely<any>) {
    await db.schema.dropTable('leases').execute();
  },
};

export default migration;
