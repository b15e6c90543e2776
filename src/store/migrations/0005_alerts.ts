/** Alerts, notification channels, routing rules, delivery attempts, alert and detector settings (issue 5). */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('brand_id', 'text')
      .addColumn('topic_id', 'text')
      .addColumn('dedup_key', 'text', (c) => c.notNull())
      .addColumn('severity', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('signal_types', 'text', (c) => c.notNull())
      .addColumn('signal_ids', 'text', (c) => c.notNull())
      .addColumn('signal_count', 'integer', (c) => c.notNull())
      .addColumn('suppressed_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('suggested_crisis_type', 'text')
      .addColumn('crisis_id', 'text')
      .addColumn('first_signal_at', msType, (c) => c.notNull())
      .addColumn('last_signal_at', msType, (c) => c.notNull())
      .addColumn('notified_severity', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_escalation_at', msType)
      .addColumn('snoozed_until', msType)
      .addColumn('snoozed_severity', 'integer')
      .addColumn('acknowledged_at', msType)
      .addColumn('acknowledged_by', 'text')
      .addColumn('resolved_at', msType)
      .addColumn('resolved_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('alerts_ws_key')
      .on('alerts')
      .columns(['workspace_id', 'dedup_key', 'created_at'])
      .execute();
    await db.schema
      .createIndex('alerts_ws_created')
      .on('alerts')
      .columns(['workspace_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('alerts_due')
      .on('alerts')
      .columns(['status', 'next_escalation_at'])
      .execute();

    await db.schema
      .createTable('notification_channels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('secret_sealed', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_delivery_at', msType)
      .addColumn('last_error', 'text')
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .addUniqueConstraint('notification_channels_name', ['workspace_id', 'name'])
      .execute();

    await db.schema
      .createTable('routing_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('routing_rules_ws')
      .on('routing_rules')
      .columns(['workspace_id', 'position'])
      .execute();

    await db.schema
      .createTable('notification_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('alert_id', 'text')
      .addColumn('channel_id', 'text')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('ok', 'integer', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('at', msType, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notification_deliveries_alert')
      .on('notification_deliveries')
      .columns(['workspace_id', 'alert_id', 'at'])
      .execute();
    await db.schema
      .createIndex('notification_deliveries_channel')
      .on('notification_deliveries')
      .columns(['channel_id', 'at'])
      .execute();

    await db.schema
      .createTable('alert_settings')
      .addColumn('workspace_id', 'text', (c) => c.primaryKey())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('detector_settings')
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('brand_id', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .addPrimaryKeyConstraint('detector_settings_pk', ['workspace_id', 'brand_id'])
      .execute();
  },
};

export default migration;
