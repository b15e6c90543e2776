/**
 * `importFile`: streams a file through its reader into an IngestSink batch by batch, awaiting each
 * batch (the pipeline resolves only once it is stored), so memory stays bounded and a slow database
 * slows the reading. Re-importing, or resuming after a crash, is safe: identity de-duplication makes
 * the records already stored count as duplicates.
 */
import { stat } from 'node:fs/promises';
import { FirebreakError } from '../domain/errors.ts';
import {
  addReports,
  emptyReport,
  type IngestOrigin,
  type IngestReport,
  type IngestSink,
  type Rejection,
} from '../ports/ingest.ts';
import { detectFormat } from './detect.ts';
import { DryRunSink } from './dry-run-sink.ts';
import type { ImportFormat } from './formats/types.ts';
import { type LineBatch, readLines, type TextEncoding } from './lines.ts';
import { createParser, type RecordBatch, type RecordParser } from './parsers.ts';

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  /** Records read so far (lines holding a record, valid or not). */
  read: number;
  stored: number;
  rejected: number;
}

export interface ImportOptions {
  sink: IngestSink;
  origin: IngestOrigin;
  dryRun?: boolean;
  format?: ImportFormat | 'auto';
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Lines per sink call. */
  batchLines?: number;
  /** How many rejections the summary lists (all are counted). */
  maxRejectionsListed?: number;
}

export interface ImportSummary {
  file: string;
  format: ImportFormat;
  encoding: TextEncoding;
  dryRun: boolean;
  read: number;
  stored: number;
  duplicates: number;
  dropped: number;
  /** Dry run only: valid records that are not repeats within the file. */
  valid?: number;
  rejectedCount: number;
  /** The first rejections, in line order. */
  rejected: Rejection[];
  bytes: number;
  elapsedMs: number;
}

export async function importFile(path: string, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const bytesTotal = await fileSize(path);
  const dryRunSink = options.dryRun ? new DryRunSink() : undefined;
  const sink = dryRunSink ?? options.sink;
  const maxListed = options.maxRejectionsListed ?? 1_000;
  const totals = emptyReport();
  let rejectedCount = 0;
  let encoding: TextEncoding = 'utf-8';
  let parser: RecordParser | undefined;
  let format: ImportFormat | undefined;
  let bytesRead = 0;

  const deliver = async (batch: RecordBatch | undefined) => {
    if (!batch || batch.records.length === 0) return;
    const report: IngestReport = await sink.ingest(batch.records, options.origin, batch.firstLine);
    rejectedCount += report.rejected.length;
    const room = maxListed - totals.rejected.length;
    addReports(totals, { ...report, rejected: room > 0 ? report.rejected.slice(0, room) : [] });
    options.onProgress?.({
      bytesRead,
      bytesTotal,
      read: totals.read,
      stored: totals.stored,
      rejected: rejectedCount,
    });
  };

  const lines = readLines(path, {
    batchLines: options.batchLines ?? 5_000,
    signal: options.signal,
    onEncoding: (e) => {
      encoding = e;
    },
  });
  for await (const batch of lines as AsyncIterable<LineBatch>) {
    bytesRead = batch.bytesRead;
    if (!parser) {
      const detected = detectFormat(batch.lines, batch.firstLine, options.format ?? 'auto');
      format = detected.format;
      parser = createParser(detected);
    }
    await deliver(parser.parse(batch));
  }
  if (parser) await deliver(parser.end());
  options.onProgress?.({
    bytesRead: bytesTotal,
    bytesTotal,
    read: totals.read,
    stored: totals.stored,
    rejected: rejectedCount,
  });

  const summary: ImportSummary = {
    file: path,
    format: format ?? (options.format && options.format !== 'auto' ? options.format : 'jsonl'),
    encoding,
    dryRun: Boolean(options.dryRun),
    read: totals.read,
    stored: totals.stored,
    duplicates: totals.duplicates,
    dropped: totals.dropped,
    rejectedCount,
    rejected: totals.rejected.sort((a, b) => a.line - b.line),
    bytes: bytesTotal,
    elapsedMs: Math.round(performance.now() - started),
  };
  if (dryRunSink) summary.valid = dryRunSink.valid;
  return summary;
}

async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory())
      throw new FirebreakError('bad_request', `${path} is a directory; give the path of a file to import.`);
    return s.size;
  } catch (error) {
    if (error instanceof FirebreakError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable (permission denied)'
          : `cannot be read (${code ?? (error as Error).message})`;
    throw new FirebreakError('not_found', `The file ${path} ${why}.`);
  }
}
