/** The crisis team (people, custom roles, role holders, escalation, ambassadors) and versioned playbooks (issue 6). */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('team_people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('phone', 'text')
      .addColumn('slack', 'text')
      .addColumn('telegram', 'text')
      .addColumn('user_id', 'text')
      .addColumn('availability', 'text', (c) => c.notNull())
      .addColumn('availability_note', 'text')
      .addColumn('notes', 'text')
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('team_people_ws')
      .on('team_people')
      .columns(['workspace_id', 'name'])
      .execute();

    // Custom roles only; the standard ones are code (src/domain/playbook.ts). Settings of a standard role
    // (its escalation delay) are stored here too, with standard = 1.
    await db.schema
      .createTable('team_roles')
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('standard', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('escalate_after_minutes', 'integer')
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .addPrimaryKeyConstraint('team_roles_pk', ['workspace_id', 'key'])
      .execute();

    // Who holds a role: primaries first, then deputies, each in `position` order.
    await db.schema
      .createTable('team_role_holders')
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('role_key', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull().references('team_people.id'))
      .addColumn('is_primary', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('team_role_holders_pk', ['workspace_id', 'role_key', 'person_id'])
      .execute();
    await db.schema
      .createIndex('team_role_holders_person')
      .on('team_role_holders')
      .columns(['person_id'])
      .execute();

    await db.schema
      .createTable('team_settings')
      .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id'))
      .addColumn('escalation', 'text', (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('team_ambassadors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('phone', 'text')
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('topics', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('team_ambassadors_ws')
      .on('team_ambassadors')
      .columns(['workspace_id', 'name'])
      .execute();

    // One row per playbook version; `source` is the YAML exactly as imported (what the PR team reviewed).
    await db.schema
      .createTable('playbooks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_sha256', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', msType, (c) => c.notNull())
      .addUniqueConstraint('playbooks_version', ['workspace_id', 'key', 'version'])
      .execute();
  },
};

export default migration;
