/**
 * Streams a text file as numbered lines without ever holding it whole: the encoding comes from the
 * byte-order mark (UTF-8 with or without BOM, UTF-16 LE/BE), CRLF is folded, and a line that is not
 * valid UTF-8 or longer than the limit becomes an InvalidRecord in its place, so one bad line never
 * costs the file and every later line keeps its number.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { InvalidRecord, limits } from '../domain/record.ts';

export type Line = string | InvalidRecord;

export interface LineBatch {
  /** 1-based number of `lines[0]`; the others follow without gaps. */
  firstLine: number;
  lines: Line[];
  /** Bytes of the file read so far (for progress). */
  bytesRead: number;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface ReadLinesOptions {
  batchLines?: number;
  maxLineBytes?: number;
  signal?: AbortSignal;
  /** Called once, when the encoding is known. */
  onEncoding?: (encoding: TextEncoding) => void;
}

export function sniffEncoding(head: Buffer): { encoding: TextEncoding; bomBytes: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  // Excel's "Unicode text" sometimes comes without a BOM: ASCII in UTF-16 has every other byte zero.
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) {
    return { encoding: 'utf-16le', bomBytes: 0 };
  }
  if (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) {
    return { encoding: 'utf-16be', bomBytes: 0 };
  }
  return { encoding: 'utf-8', bomBytes: 0 };
}

export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const batchLines = options.batchLines ?? 2_000;
  const maxLineBytes = options.maxLineBytes ?? limits.lineBytes;
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal: options.signal });
  const splitter = new LineSplitter(maxLineBytes);
  let decoder: TextDecoder | undefined;
  let sniffed = false;
  let bytesRead = 0;
  let emitted = 0;

  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      bytesRead += raw.length;
      let chunk = raw;
      if (!sniffed) {
        sniffed = true;
        const { encoding, bomBytes } = sniffEncoding(chunk);
        options.onEncoding?.(encoding);
        chunk = chunk.subarray(bomBytes);
        if (encoding !== 'utf-8') decoder = new TextDecoder(encoding, { ignoreBOM: true });
      }
      // UTF-16 is re-encoded as UTF-8 so that one splitter serves every encoding.
      if (decoder) chunk = Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
      splitter.push(chunk);
      while (splitter.lines.length - emitted >= batchLines) {
        yield {
          firstLine: splitter.firstLine + emitted,
          lines: splitter.lines.slice(emitted, emitted + batchLines),
          bytesRead,
        };
        emitted += batchLines;
      }
      if (emitted > 0) {
        splitter.drop(emitted);
        emitted = 0;
      }
    }
    if (decoder) splitter.push(Buffer.from(decoder.decode(), 'utf8'));
    splitter.end();
    for (let i = 0; i < splitter.lines.length; i += batchLines) {
      yield { firstLine: splitter.firstLine + i, lines: splitter.lines.slice(i, i + batchLines), bytesRead };
    }
  } finally {
    stream.destroy();
  }
}

export const notUtf8 = 'not valid UTF-8 text: save the file as UTF-8 (or UTF-16 with a byte-order mark)';

/** Splits bytes into lines; `lines` holds the completed ones from `firstLine` on. */
class LineSplitter {
  lines: Line[] = [];
  firstLine = 1;
  private carry: Buffer | undefined;
  /** Inside a line already rejected as too long: bytes are dropped until its end. */
  private skipping = false;

  constructor(private readonly maxLineBytes: number) {}

  drop(n: number): void {
    this.lines = this.lines.slice(n);
    this.firstLine += n;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.skipping) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return;
      this.skipping = false;
      start = nl + 1;
    }
    const lastNl = chunk.lastIndexOf(10);
    if (lastNl < start) {
      this.hold(chunk.subarray(start));
      return;
    }
    let body = chunk.subarray(start, lastNl + 1);
    if (this.carry) {
      body = Buffer.concat([this.carry, body]);
      this.carry = undefined;
    }
    this.split(body);
    this.hold(chunk.subarray(lastNl + 1));
  }

  end(): void {
    if (this.carry && this.carry.length > 0) this.split(Buffer.concat([this.carry, Buffer.from('\n')]));
    this.carry = undefined;
  }

  private hold(rest: Buffer): void {
    if (rest.length === 0) return;
    // Copy: a view would keep the whole 1 MB read buffer alive.
    this.carry = this.carry ? Buffer.concat([this.carry, rest]) : Buffer.from(rest);
    if (this.carry.length > this.maxLineBytes) {
      this.lines.push(this.tooLong(this.carry.length, true));
      this.carry = undefined;
      this.skipping = true;
    }
  }

  private tooLong(bytes: number, partial = false): InvalidRecord {
    return new InvalidRecord(
      `line is longer than the limit of ${this.maxLineBytes} bytes (${partial ? 'over ' : ''}${bytes}); shorten its fields`,
    );
  }

  /** `body` ends with a newline. */
  private split(body: Buffer): void {
    // The common case: decode once and split the string. Invalid UTF-8 decodes to U+FFFD, so only a
    // chunk holding one (rare in real text) pays for the byte-level check line by line.
    const text = body.toString('utf8');
    if (!text.includes('\uFFFD')) {
      const maxChars = this.maxLineBytes / 3;
      let pos = 0;
      while (pos < text.length) {
        const nl = text.indexOf('\n', pos);
        let line = text.slice(pos, nl);
        pos = nl + 1;
        if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        if (line.length > maxChars && Buffer.byteLength(line) > this.maxLineBytes) {
          this.lines.push(this.tooLong(Buffer.byteLength(line)));
        } else this.lines.push(line);
      }
      return;
    }
    let pos = 0;
    while (pos < body.length) {
      const nl = body.indexOf(10, pos);
      let bytes = body.subarray(pos, nl);
      pos = nl + 1;
      if (bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, -1);
      if (bytes.length > this.maxLineBytes) this.lines.push(this.tooLong(bytes.length));
      else if (!isUtf8(bytes))
        this.lines.push(
          new InvalidRecord(`${notUtf8} (first bad byte at column ${firstBadByte(bytes) + 1})`),
        );
      else this.lines.push(bytes.toString('utf8'));
    }
  }
}

/** Offset of the first byte that breaks UTF-8, for a reason the user can act on. */
function firstBadByte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || !isUtf8(bytes.subarray(i, i + len))) return i;
    i += len;
  }
  return 0;
}
