/** The team module's tables (declaration merging into the store schema). */

export interface TeamPeopleTable {
  id: string;
  workspace_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  slack: string | null;
  telegram: string | null;
  user_id: string | null;
  /** available | on_call | unavailable */
  availability: string;
  availability_note: string | null;
  notes: string | null;
  created_at: number;
  updated_at: number;
}

export interface TeamRolesTable {
  workspace_id: string;
  key: string;
  name: string;
  description: string | null;
  standard: number;
  escalate_after_minutes: number | null;
  created_at: number;
  updated_at: number;
}

export interface TeamRoleHoldersTable {
  workspace_id: string;
  role_key: string;
  person_id: string;
  is_primary: number;
  position: number;
}

export interface TeamSettingsTable {
  workspace_id: string;
  /** JSON array of role keys: who is called next when nobody answers. */
  escalation: string;
  updated_at: number;
}

export interface TeamAmbassadorsTable {
  id: string;
  workspace_id: string;
  name: string;
  kind: string;
  email: string | null;
  phone: string | null;
  /** JSON array of { platform, handle, url? }. */
  channels: string;
  /** JSON array of language codes. */
  languages: string;
  /** JSON array of free topic labels. */
  topics: string;
  notes: string | null;
  active: number;
  created_at: number;
  updated_at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    team_people: TeamPeopleTable;
    team_roles: TeamRolesTable;
    team_role_holders: TeamRoleHoldersTable;
    team_settings: TeamSettingsTable;
    team_ambassadors: TeamAmbassadorsTable;
  }
}
