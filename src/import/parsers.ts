/**
 * Turns numbered line batches into record batches for `IngestSink.ingest`: `records[i]` stands for line
 * `firstLine + i`; `undefined` marks a line that holds no record (blank, header, metadata, the inside of
 * a multi-line CSV record) and an InvalidRecord one that could not be read.
 */
import { InvalidRecord } from '../domain/record.ts';
import { type CsvRecord, CsvRecordReader } from './csv-parser.ts';
import type { Detected } from './detect.ts';
import { ColumnIndex, Row } from './formats/row.ts';
import { talkwalkerChunk, talkwalkerDocument } from './formats/talkwalker.ts';
import type { CsvFormat } from './formats/types.ts';
import type { LineBatch } from './lines.ts';

export interface RecordBatch {
  firstLine: number;
  records: unknown[];
}

export interface RecordParser {
  parse(batch: LineBatch): RecordBatch | undefined;
  end(): RecordBatch | undefined;
}

export function createParser(detected: Detected): RecordParser {
  if (detected.kind === 'jsonl') return new JsonlParser(detected.format === 'talkwalker');
  return new CsvParser(detected.csv, detected.header, detected.headerLine, detected.delimiter);
}

/** One JSON value per line; Talkwalker stream chunks are recognised by their `chunk_type`. */
export function parseJsonLine(line: string, talkwalker = false): unknown {
  if (line.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    if (line.trim() === '') return undefined;
    return new InvalidRecord(`invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (typeof obj.chunk_type === 'string') return talkwalkerChunk(obj);
    if (talkwalker) return talkwalkerDocument(obj);
  }
  return value;
}

class JsonlParser implements RecordParser {
  constructor(private readonly talkwalker: boolean) {}
  parse(batch: LineBatch): RecordBatch {
    const records = new Array<unknown>(batch.lines.length);
    for (let i = 0; i < batch.lines.length; i++) {
      const line = batch.lines[i]!;
      records[i] = line instanceof InvalidRecord ? line : parseJsonLine(line, this.talkwalker);
    }
    return { firstLine: batch.firstLine, records };
  }
  end(): undefined {
    return undefined;
  }
}

class CsvParser implements RecordParser {
  private readonly reader: CsvRecordReader;
  private readonly columns: ColumnIndex;
  /** First line not yet handed out. */
  private next = 1;
  private done: CsvRecord[] = [];

  constructor(
    private readonly format: CsvFormat,
    header: string[],
    private readonly headerLine: number,
    delimiter: string,
  ) {
    this.reader = new CsvRecordReader(delimiter);
    this.columns = new ColumnIndex(header);
  }

  parse(batch: LineBatch): RecordBatch | undefined {
    batch.lines.forEach((line, i) => {
      const lineNo = batch.firstLine + i;
      if (lineNo <= this.headerLine) return;
      if (line === '' && this.reader.pendingLine === undefined) return;
      this.reader.push(lineNo, line, this.done);
    });
    // Lines of a record still open wait for the next batch, so that it keeps its first line's number.
    return this.flush(this.reader.pendingLine ?? batch.firstLine + batch.lines.length);
  }

  end(): RecordBatch | undefined {
    this.reader.end(this.done);
    const last = this.done.at(-1);
    return last ? this.flush(last.line + 1) : undefined;
  }

  private flush(limit: number): RecordBatch | undefined {
    if (limit <= this.next) return undefined;
    const records = new Array<unknown>(limit - this.next);
    const keep: CsvRecord[] = [];
    for (const r of this.done) {
      if (r.line >= limit) keep.push(r);
      else records[r.line - this.next] = this.toRecord(r);
    }
    const batch = { firstLine: this.next, records };
    this.done = keep;
    this.next = limit;
    return batch;
  }

  private toRecord(r: CsvRecord): unknown {
    if (r.fields instanceof InvalidRecord) return r.fields;
    let fields = r.fields;
    const width = this.columns.names.length;
    // A trailing delimiter adds one empty cell; spreadsheets write them.
    if (fields.length === width + 1 && fields[width] === '') fields = fields.slice(0, width);
    if (fields.length !== width) {
      return new InvalidRecord(`malformed CSV: the row has ${fields.length} fields, the header has ${width}`);
    }
    return this.format.toRecord(new Row(this.columns, fields));
  }
}
