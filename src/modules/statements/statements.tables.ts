/** The statements module's tables (declaration merging into the store schema). */
export interface StatementsTable {
  id: string;
  workspace_id: string;
  crisis_id: string;
  kind: string;
  title: string;
  /** JSON array of crisis role keys: every one must approve a version before it is published. */
  required_approvals: string;
  current_version: number;
  published_version: number | null;
  first_published_at: number | null;
  last_published_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface StatementVersionsTable {
  statement_id: string;
  version: number;
  workspace_id: string;
  /** JSON array of Variant. */
  variants: string;
  /** JSON array of variable names still unfilled in this version. */
  missing: string;
  note: string | null;
  created_by: string;
  created_at: number;
}

export interface StatementApprovalsTable {
  id: string;
  workspace_id: string;
  statement_id: string;
  version: number;
  role: string;
  user_id: string;
  approver: string;
  comment: string | null;
  at: number;
}

export interface StatementPublicationsTable {
  id: string;
  workspace_id: string;
  statement_id: string;
  crisis_id: string;
  version: number;
  is_update: number;
  note: string | null;
  published_by: string;
  at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    statements: StatementsTable;
    statement_versions: StatementVersionsTable;
    statement_approvals: StatementApprovalsTable;
    statement_publications: StatementPublicationsTable;
  }
}
