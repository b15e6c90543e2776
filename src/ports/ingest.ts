/**
 * What a source hands records to. `ingest` resolves only after every accepted record is stored (or known
 * to be a duplicate), so a connector may persist its cursor right after it: kill -9 at any moment loses
 * nothing and, thanks to identity de-duplication, stores nothing twice.
 */
export interface IngestOrigin {
  workspaceId: string;
  /** The configured source instance, when there is one. */
  sourceId?: string;
  /** Platform name used when a record does not name its own `source`. */
  defaultSource?: string;
  /** Keep mentions that match no topic. */
  keepUnmatched?: boolean;
}

export interface Rejection {
  /** 1-based line or item number within the delivery. */
  line: number;
  reason: string;
}

export interface IngestReport {
  read: number;
  stored: number;
  duplicates: number;
  /** Valid but dropped by a stage (e.g. matched no topic). */
  dropped: number;
  rejected: Rejection[];
}

export interface IngestSink {
  ingest(records: unknown[], origin: IngestOrigin, firstLine?: number): Promise<IngestReport>;
}

export function emptyReport(): IngestReport {
  return { read: 0, stored: 0, duplicates: 0, dropped: 0, rejected: [] };
}

export function addReports(into: IngestReport, from: IngestReport): IngestReport {
  into.read += from.read;
  into.stored += from.stored;
  into.duplicates += from.duplicates;
  into.dropped += from.dropped;
  into.rejected.push(...from.rejected);
  return into;
}
