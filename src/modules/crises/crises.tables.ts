/** The crises module's tables (declaration merging into the store schema). */
import type { Generated } from 'kysely';

export interface CrisesTable {
  id: string;
  workspace_id: string;
  brand_id: string | null;
  title: string;
  type: string;
  category: string | null;
  severity: number;
  status: string;
  commander_id: string | null;
  playbook_id: string | null;
  playbook_key: string | null;
  playbook_version: number | null;
  is_drill: number;
  origin: string;
  slug: string;
  /** JSON object: template variable → value. */
  variables: string;
  /** JSON array of { role, personId, name }. */
  assignments: string;
  opened_by: string;
  opened_at: number;
  status_changed_at: number;
  resolved_at: number | null;
  version: number;
  updated_at: number;
}

export interface CrisisEventsTable {
  seq: Generated<number>;
  id: string;
  workspace_id: string;
  crisis_id: string;
  kind: string;
  actor: string;
  actor_user_id: string | null;
  at: number;
  summary: string;
  data: string | null;
}

export interface CrisisLinksTable {
  workspace_id: string;
  crisis_id: string;
  kind: string;
  ref: string;
  linked_by: string;
  linked_at: number;
}

export interface CrisisTasksTable {
  id: string;
  workspace_id: string;
  crisis_id: string;
  position: number;
  step_id: string | null;
  kind: string;
  title: string;
  details: string | null;
  owner_role: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  statement_kind: string | null;
  notify_roles: string | null;
  due_at: number | null;
  status: string;
  started_at: number | null;
  started_by: string | null;
  done_at: number | null;
  done_by: string | null;
  note: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    crises: CrisesTable;
    crisis_events: CrisisEventsTable;
    crisis_links: CrisisLinksTable;
    crisis_tasks: CrisisTasksTable;
  }
}
