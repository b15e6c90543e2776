/** The playbooks module's table (declaration merging into the store schema). */

export interface PlaybooksTable {
  id: string;
  workspace_id: string;
  key: string;
  version: number;
  name: string;
  /** JSON of the validated PlaybookSpec. */
  spec: string;
  /** The YAML exactly as imported (line endings normalised), returned by export. */
  source: string;
  source_sha256: string;
  /** library | import */
  origin: string;
  created_by: string;
  created_at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    playbooks: PlaybooksTable;
  }
}
