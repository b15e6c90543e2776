/** The inbox module's tables (declaration merging into the store schema). */
export interface InboxItemsTable {
  id: string;
  workspace_id: string;
  source: string;
  external_id: string;
  brand_id: string | null;
  crisis_id: string | null;
  /** Why it entered: `negative` (a brand's negative mention) or `crisis` (linked to a crisis). */
  origin: string;
  /** 1 when the mention read negative as it entered: coverage is counted over these. */
  negative: number;
  lang: string | null;
  mention_created_at: number;
  weight: number;
  rank: number;
  status: string;
  assignee_id: string | null;
  close_reason: string | null;
  close_note: string | null;
  first_reply_at: number | null;
  entered_at: number;
  version: number;
  updated_at: number;
}

export interface InboxRepliesTable {
  id: string;
  workspace_id: string;
  item_id: string;
  text: string;
  channel: string;
  statement_id: string | null;
  statement_version: number | null;
  user_id: string | null;
  actor: string;
  at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    inbox_items: InboxItemsTable;
    inbox_replies: InboxRepliesTable;
  }
}
