/** Crises, their timeline, links (alerts, stories, mentions) and playbook tasks (issue 6). */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  async up(db: Kysely<any>, dialect) {
    await db.schema
      .createTable('crises')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('brand_id', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('severity', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('commander_id', 'text')
      .addColumn('playbook_id', 'text')
      .addColumn('playbook_key', 'text')
      .addColumn('playbook_version', 'integer')
      .addColumn('is_drill', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('variables', 'text', (c) => c.notNull())
      .addColumn('assignments', 'text', (c) => c.notNull())
      .addColumn('opened_by', 'text', (c) => c.notNull())
      .addColumn('opened_at', msType, (c) => c.notNull())
      .addColumn('status_changed_at', msType, (c) => c.notNull())
      .addColumn('resolved_at', msType)
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('crises_ws_opened')
      .on('crises')
      .columns(['workspace_id', 'opened_at'])
      .execute();

    // The timeline: a numeric sequence keeps events that share a millisecond in the order they happened.
    const events = db.schema.createTable('crisis_events');
    const withSeq =
      dialect === 'postgres'
        ? events.addColumn('seq', 'bigserial', (c) => c.primaryKey())
        : events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
    await withSeq
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('crisis_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', 'text')
      .addColumn('at', msType, (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('data', 'text')
      .execute();
    await db.schema
      .createIndex('crisis_events_crisis')
      .on('crisis_events')
      .columns(['crisis_id', 'seq'])
      .execute();

    await db.schema
      .createTable('crisis_links')
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('crisis_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref', 'text', (c) => c.notNull())
      .addColumn('linked_by', 'text', (c) => c.notNull())
      .addColumn('linked_at', msType, (c) => c.notNull())
      .addPrimaryKeyConstraint('crisis_links_pk', ['crisis_id', 'kind', 'ref'])
      .execute();
    await db.schema
      .createIndex('crisis_links_ref')
      .on('crisis_links')
      .columns(['workspace_id', 'kind', 'ref'])
      .execute();

    await db.schema
      .createTable('crisis_tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('crisis_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('step_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('details', 'text')
      .addColumn('owner_role', 'text')
      .addColumn('assignee_id', 'text')
      .addColumn('assignee_name', 'text')
      .addColumn('statement_kind', 'text')
      .addColumn('notify_roles', 'text')
      .addColumn('due_at', msType)
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', msType)
      .addColumn('started_by', 'text')
      .addColumn('done_at', msType)
      .addColumn('done_by', 'text')
      .addColumn('note', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('crisis_tasks_crisis')
      .on('crisis_tasks')
      .columns(['crisis_id', 'position'])
      .execute();
  },
};

export default migration;
