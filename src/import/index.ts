/** File import: readers for JSONL, native CSV and vendor exports, and `importFile` that feeds a sink. */
export { detectFormat } from './detect.ts';
export { DryRunSink } from './dry-run-sink.ts';
export { type ImportFormat, importFormats } from './formats/types.ts';
export { type ImportOptions, type ImportProgress, type ImportSummary, importFile } from './import-file.ts';
export { readLines } from './lines.ts';
