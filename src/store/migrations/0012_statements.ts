/** Statements with their versions, per-version approvals and the publication log (issue 6). */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('statements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('crisis_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('required_approvals', 'text', (c) => c.notNull())
      .addColumn('current_version', 'integer', (c) => c.notNull())
      .addColumn('published_version', 'integer')
      .addColumn('first_published_at', msType)
      .addColumn('last_published_at', msType)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('statements_crisis')
      .on('statements')
      .columns(['workspace_id', 'crisis_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('statement_versions')
      .addColumn('statement_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('variants', 'text', (c) => c.notNull())
      .addColumn('missing', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', msType, (c) => c.notNull())
      .addPrimaryKeyConstraint('statement_versions_pk', ['statement_id', 'version'])
      .execute();

    await db.schema
      .createTable('statement_approvals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('statement_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('approver', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('at', msType, (c) => c.notNull())
      .addUniqueConstraint('statement_approvals_slot', ['statement_id', 'version', 'role'])
      .execute();

    await db.schema
      .createTable('statement_publications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('statement_id', 'text', (c) => c.notNull())
      .addColumn('crisis_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('is_update', 'integer', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('published_by', 'text', (c) => c.notNull())
      .addColumn('at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('statement_publications_crisis')
      .on('statement_publications')
      .columns(['workspace_id', 'crisis_id', 'at'])
      .execute();
  },
};

export default migration;
