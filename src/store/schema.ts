/**
 * Table shapes for Kysely. Modules add their own tables by declaration merging:
 *   declare module '../../store/schema.ts' { interface Database { topics: TopicsTable } }
 * Times are epoch ms (bigint in PostgreSQL, integer in SQLite); JSON is stored as text; booleans as 0/1.
 */
import type { Generated } from 'kysely';

export interface WorkspacesTable {
  id: string;
  slug: string;
  name: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: number;
  disabled: number;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  name: string;
  user_id: string;
  workspace_id: string;
  role: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface BrandsTable {
  id: string;
  workspace_id: string;
  name: string;
  aliases: string;
  owned_accounts: string;
  competitors: string;
  languages: string;
  time_zone: string;
  created_at: number;
}

export interface SourcesTable {
  id: string;
  workspace_id: string;
  kind: string;
  name: string;
  params: string;
  secrets: string | null;
  cursor: string | null;
  enabled: number;
  keep_unmatched: number;
  ingest_token_hash: string | null;
  health: string | null;
  created_at: number;
  updated_at: number;
}

export interface MentionsTable {
  seq: Generated<number>;
  workspace_id: string;
  source: string;
  external_id: string;
  source_id: string | null;
  created_at: number;
  ingested_at: number;
  text: string;
  url: string | null;
  title: string | null;
  author_handle: string | null;
  author_name: string | null;
  author_followers: number | null;
  author_verified: number | null;
  lang: string | null;
  country: string | null;
  parent_id: string | null;
  likes: number | null;
  shares: number | null;
  replies: number | null;
  raw: string | null;
  topic_ids: string | null;
  brand_ids: string | null;
  sentiment_label: string | null;
  sentiment_score: number | null;
  categories: string | null;
  story_id: string | null;
  reach: number | null;
}

export interface RollupsTable {
  workspace_id: string;
  scope: string;
  minute: number;
  source: string;
  count: number;
  negative: number;
  reach: number;
  unique_authors: number;
}

export interface RollupAuthorsTable {
  workspace_id: string;
  scope: string;
  minute: number;
  author: string;
}

export interface AuditEventsTable {
  id: string;
  workspace_id: string | null;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: string | null;
  after: string | null;
  at: number;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  brands: BrandsTable;
  sources: SourcesTable;
  mentions: MentionsTable;
  rollups: RollupsTable;
  rollup_authors: RollupAuthorsTable;
  audit_events: AuditEventsTable;
}
