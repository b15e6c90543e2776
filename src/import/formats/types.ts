import type { Row } from './row.ts';

export const importFormats = ['jsonl', 'csv', 'brandwatch', 'talkwalker', 'meltwater'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** A CSV layout: how to recognise its header row and how to turn one of its rows into a native record. */
export interface CsvFormat {
  readonly name: ImportFormat;
  /** Whether a header row (names lower-cased and trimmed) is this layout's. */
  matches(header: ReadonlySet<string>): boolean;
  /** A native record (docs/RECORD_FORMAT.md) or an InvalidRecord saying why the row cannot be one. */
  toRecord(row: Row): unknown;
}
