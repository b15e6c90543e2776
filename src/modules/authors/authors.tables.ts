/** The known-authors table (declaration merging into the store schema). */
export interface KnownAuthorsTable {
  id: string;
  workspace_id: string;
  platform: string;
  handle: string;
  kind: string;
  weight: number | null;
  name: string | null;
  note: string | null;
  created_at: number;
  updated_at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    known_authors: KnownAuthorsTable;
  }
}
