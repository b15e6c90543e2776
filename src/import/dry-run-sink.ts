/**
 * Validates like the pipeline and counts, storing nothing: what `--dry-run` reports. Duplicates are the
 * repeats within the file; whether the database already holds a mention is not looked up.
 */
import { mentionKey } from '../domain/mention.ts';
import { normaliseRecord } from '../domain/record.ts';
import { emptyReport, type IngestOrigin, type IngestReport, type IngestSink } from '../ports/ingest.ts';

export class DryRunSink implements IngestSink {
  private readonly seen = new Set<string>();
  /** Valid records that are not repeats: what a real import into an empty workspace would store. */
  valid = 0;

  async ingest(records: unknown[], origin: IngestOrigin, firstLine = 1): Promise<IngestReport> {
    const report = emptyReport();
    records.forEach((record, i) => {
      if (record === undefined) return;
      report.read++;
      const input =
        origin.defaultSource &&
        typeof record === 'object' &&
        record !== null &&
        (record as { source?: unknown }).source === undefined
          ? { ...record, source: origin.defaultSource }
          : record;
      const result = normaliseRecord(input, origin.workspaceId);
      if (!result.ok) {
        report.rejected.push({ line: firstLine + i, reason: result.reason });
        return;
      }
      const key = mentionKey(result.mention);
      if (this.seen.has(key)) report.duplicates++;
      else {
        this.seen.add(key);
        this.valid++;
      }
    });
    return report;
  }
}
