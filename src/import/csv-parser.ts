/**
 * RFC 4180 records assembled from numbered lines: a quoted field may span lines, and a record is
 * numbered by its first line. An unterminated quote cannot swallow the rest of the file: once the
 * record passes the size limit (or the file ends), its first line is rejected and parsing resumes on
 * the line after it.
 */
import { InvalidRecord, limits } from '../domain/record.ts';
import type { Line } from './lines.ts';

export interface CsvRecord {
  line: number;
  /** The fields, or why the record could not be read. */
  fields: string[] | InvalidRecord;
}

interface OpenRecord {
  fields: string[];
  field: string;
}

type Parse =
  | { kind: 'done'; fields: string[] }
  | { kind: 'open'; state: OpenRecord }
  | { kind: 'error'; reason: string };

/** Parses one line continuing `state` (when a quoted field is open); returns the fields when the record ends. */
export function parseCsvLine(line: string, delimiter: string, state?: OpenRecord): Parse {
  const fields = state ? state.fields : [];
  let field = state ? `${state.field}\n` : '';
  let inQuotes = state !== undefined;
  let i = 0;
  // Fast path: a fresh line without quotes is a plain split.
  if (!inQuotes && !line.includes('"')) return { kind: 'done', fields: line.split(delimiter) };
  const n = line.length;
  let quotedField = inQuotes;
  while (i < n) {
    const c = line[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        // After a closing quote only a delimiter or the end of the line may follow.
        if (i < n && line[i] !== delimiter) {
          // Tolerate spaces before the delimiter ("a" , "b").
          let j = i;
          while (j < n && (line[j] === ' ' || line[j] === '\t') && line[j] !== delimiter) j++;
          if (j < n && line[j] !== delimiter)
            return { kind: 'error', reason: `unexpected character after a closing quote at column ${i + 1}` };
          i = j;
        }
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '' && !quotedField) {
      field = '';
      inQuotes = true;
      quotedField = true;
      i++;
      continue;
    }
    // A stray quote inside an unquoted field is kept as text, as spreadsheets do.
    field += c;
    i++;
  }
  if (inQuotes) return { kind: 'open', state: { fields, field } };
  fields.push(field);
  return { kind: 'done', fields };
}

/** Feeds numbered lines, yields numbered records. */
export class CsvRecordReader {
  private pending: { first: number; lines: string[]; bytes: number; state: OpenRecord } | undefined;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordBytes = limits.lineBytes,
  ) {}

  /** Line number where the record still being assembled starts, if one is. */
  get pendingLine(): number | undefined {
    return this.pending?.first;
  }

  push(lineNo: number, line: Line, out: CsvRecord[]): void {
    if (line instanceof InvalidRecord) {
      if (this.pending) {
        // A broken line inside a quoted field breaks the whole record.
        const first = this.pending.first;
        this.pending = undefined;
        out.push({ line: first, fields: line });
        return;
      }
      out.push({ line: lineNo, fields: line });
      return;
    }
    if (this.pending) {
      const p = this.pending;
      p.lines.push(line);
      p.bytes += line.length + 1;
      if (p.bytes > this.maxRecordBytes) {
        this.abandon(out);
        return;
      }
      this.step(p.first, line, p.state, out);
      return;
    }
    this.step(lineNo, line, undefined, out);
  }

  /** At the end of the file an open quote means the record never ended. */
  end(out: CsvRecord[]): void {
    while (this.pending) this.abandon(out);
  }

  private step(first: number, line: string, state: OpenRecord | undefined, out: CsvRecord[]): void {
    const result = parseCsvLine(line, this.delimiter, state);
    if (result.kind === 'error') {
      // Inside a multi-line record, the error most likely means its opening quote was never closed:
      // give up on its first line only and re-read the others.
      if (this.pending) {
        this.abandon(out);
        return;
      }
      out.push({ line: first, fields: new InvalidRecord(`malformed CSV: ${result.reason}`) });
      return;
    }
    if (result.kind === 'done') {
      this.pending = undefined;
      out.push({ line: first, fields: result.fields });
      return;
    }
    if (this.pending) this.pending.state = result.state;
    else this.pending = { first, lines: [line], bytes: line.length, state: result.state };
  }

  /** Rejects the first line of the open record and re-reads the lines after it. */
  private abandon(out: CsvRecord[]): void {
    const p = this.pending!;
    this.pending = undefined;
    out.push({ line: p.first, fields: new InvalidRecord('malformed CSV: a quoted field is never closed') });
    p.lines.slice(1).forEach((l, i) => {
      this.push(p.first + 1 + i, l, out);
    });
  }
}
