import { type Kysely, sql } from 'kysely';
import { type Dialect, type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  async up(db: Kysely<any>, dialect: Dialect) {
    await db.schema
      .createTable('workspaces')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', msType, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('memberships')
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('expires_at', msType, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('last_used_at', msType)
      .addColumn('revoked_at', msType)
      .execute();

    await db.schema
      .createTable('brands')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('aliases', 'text', (c) => c.notNull())
      .addColumn('owned_accounts', 'text', (c) => c.notNull())
      .addColumn('competitors', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('created_at', msType, (c) => c.notNull())
      .addUniqueConstraint('brands_name_unique', ['workspace_id', 'name'])
      .execute();

    await db.schema
      .createTable('sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('secrets', 'text')
      .addColumn('cursor', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('keep_unmatched', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('ingest_token_hash', 'text', (c) => c.unique())
      .addColumn('health', 'text')
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .execute();

    const mentions = db.schema.createTable('mentions');
    const withSeq =
      dialect === 'postgres'
        ? mentions.addColumn('seq', 'bigserial', (c) => c.primaryKey())
        : mentions.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
    await withSeq
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text')
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('ingested_at', msType, (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('title', 'text')
      .addColumn('author_handle', 'text')
      .addColumn('author_name', 'text')
      .addColumn('author_followers', msType)
      .addColumn('author_verified', 'integer')
      .addColumn('lang', 'text')
      .addColumn('country', 'text')
      .addColumn('parent_id', 'text')
      .addColumn('likes', msType)
      .addColumn('shares', msType)
      .addColumn('replies', msType)
      .addColumn('raw', 'text')
      .addColumn('topic_ids', 'text')
      .addColumn('brand_ids', 'text')
      .addColumn('sentiment_label', 'text')
      .addColumn('sentiment_score', 'real')
      .addColumn('categories', 'text')
      .addColumn('story_id', 'text')
      .addColumn('reach', msType)
      .addUniqueConstraint('mentions_identity', ['workspace_id', 'source', 'external_id'])
      .execute();
    await db.schema
      .createIndex('mentions_ws_created')
      .on('mentions')
      .columns(['workspace_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('rollups')
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('minute', msType, (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('count', msType, (c) => c.notNull())
      .addColumn('negative', msType, (c) => c.notNull())
      .addColumn('reach', msType, (c) => c.notNull())
      .addColumn('unique_authors', msType, (c) => c.notNull())
      .addPrimaryKeyConstraint('rollups_pk', ['workspace_id', 'scope', 'minute', 'source'])
      .execute();

    const authors = db.schema
      .createTable('rollup_authors')
      .addColumn('workspace_id', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('minute', msType, (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('rollup_authors_pk', ['workspace_id', 'scope', 'minute', 'author']);
    // Only ever probed by its key: without a rowid SQLite keeps one b-tree instead of two (faster ingest).
    await (dialect === 'sqlite' ? authors.modifyEnd(sql`without rowid`) : authors).execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text')
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addColumn('at', msType, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_ws_at').on('audit_events').columns(['workspace_id', 'at']).execute();
  },
};

export default migration;
