/**
 * Every migration, in order. Names sort by their number; add a line for a new one (never edit or
 * reorder an applied migration: write a new one).
 */
import type { FirebreakMigration } from '../migration.ts';
import foundation from './0001_foundation.ts';
import alerts from './0005_alerts.ts';
import topics from './0006_topics.ts';
import teamPlaybooks from './0010_team_playbooks.ts';
import crises from './0011_crises.ts';
import statements from './0012_statements.ts';
import inbox from './0013_inbox.ts';
import authorsStories from './0014_authors_stories.ts';
import detectorState from './0015_detector_state.ts';
import leases from './0016_leases.ts';

export const migrations: Record<string, FirebreakMigration> = {
  '0001_foundation': foundation,
  '0005_alerts': alerts,
  '0006_topics': topics,
  '0010_team_playbooks': teamPlaybooks,
  '0011_crises': crises,
  '0012_statements': statements,
  '0013_inbox': inbox,
  '0014_authors_stories': authorsStories,
  '0015_detector_state': detectorState,
  '0016_leases': leases,
};
