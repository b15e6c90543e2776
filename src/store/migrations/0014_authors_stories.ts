/**
 * Enrichment (issue 4): the per-workspace list of known authors (journalists, influencers, brand
 * ambassadors, employees) that raises a mention's estimated reach, and the index that makes a story
 * (mentions sharing `story_id`) one indexed range: members in time order, origin = the first.
 */
import type { Kysely } from 'kysely';
import { type FirebreakMigration, msType } from '../migration.ts';

const migration: FirebreakMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('known_authors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
      // A source name (x, bluesky, vk…) or '*' for the same handle on every platform.
      .addColumn('platform', 'text', (c) => c.notNull())
      // Lower case, without '@'.
      .addColumn('handle', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      // Reach multiplier; null = the kind's default (src/enrich/reach.ts).
      .addColumn('weight', 'real')
      .addColumn('name', 'text')
      .addColumn('note', 'text')
      .addColumn('created_at', msType, (c) => c.notNull())
      .addColumn('updated_at', msType, (c) => c.notNull())
      .addUniqueConstraint('known_authors_handle', ['workspace_id', 'platform', 'handle'])
      .execute();
    await db.schema
      .createIndex('mentions_ws_story')
      .on('mentions')
      .columns(['workspace_id', 'story_id', 'created_at'])
      .execute();
  },
};

export default migration;
