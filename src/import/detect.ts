/**
 * Finds what a file is from its first lines: JSON objects mean JSONL; otherwise the first row among the
 * first few whose cells match a known CSV layout is the header (Brandwatch puts report metadata above
 * it), with the delimiter that makes it match (comma, tab for Excel "Unicode text", semicolon).
 */
import { FirebreakError } from '../domain/errors.ts';
import { InvalidRecord } from '../domain/record.ts';
import { parseCsvLine } from './csv-parser.ts';
import { brandwatch } from './formats/brandwatch.ts';
import { meltwater } from './formats/meltwater.ts';
import { nativeCsv } from './formats/native-csv.ts';
import { talkwalkerCsv } from './formats/talkwalker.ts';
import type { CsvFormat, ImportFormat } from './formats/types.ts';
import type { Line } from './lines.ts';

/** Most specific first: a Brandwatch header could also contain `id`, `text`… */
export const csvFormats: CsvFormat[] = [brandwatch, meltwater, talkwalkerCsv, nativeCsv];

/** How many leading lines may come before the header row. */
export const headerSearchLines = 20;

export type Detected =
  | { kind: 'jsonl'; format: ImportFormat }
  | {
      kind: 'csv';
      format: ImportFormat;
      csv: CsvFormat;
      delimiter: string;
      headerLine: number;
      header: string[];
    };

export function detectFormat(
  lines: Line[],
  firstLine: number,
  requested: ImportFormat | 'auto' = 'auto',
): Detected {
  const firstText = lines.find((l): l is string => typeof l === 'string' && l.trim() !== '');
  const looksJson = firstText !== undefined && /^\s*[{[]/.test(firstText);
  if (requested === 'jsonl' || (requested === 'auto' && looksJson)) return { kind: 'jsonl', format: 'jsonl' };
  if (requested === 'talkwalker' && looksJson) return { kind: 'jsonl', format: 'talkwalker' };

  const candidates = requested === 'auto' ? csvFormats : csvFormats.filter((f) => f.name === requested);
  for (let i = 0; i < Math.min(lines.length, headerSearchLines); i++) {
    const line = lines[i];
    if (line instanceof InvalidRecord || line === undefined || line.trim() === '') continue;
    for (const delimiter of [',', '\t', ';']) {
      if (!line.includes(delimiter)) continue;
      const parsed = parseCsvLine(line, delimiter);
      if (parsed.kind !== 'done') continue;
      const names = new Set(
        parsed.fields.map((f) =>
          f
            .replace(/^\uFEFF/, '')
            .trim()
            .toLowerCase(),
        ),
      );
      const csv = candidates.find((f) => f.matches(names));
      if (csv)
        return {
          kind: 'csv',
          format: csv.name,
          csv,
          delimiter,
          headerLine: firstLine + i,
          header: parsed.fields,
        };
    }
  }
  const wanted =
    requested === 'auto'
      ? 'a JSONL file or a CSV with a known header (native, Brandwatch, Talkwalker, Meltwater)'
      : `a ${requested} header`;
  throw new FirebreakError(
    'validation_failed',
    `Could not recognise the file: no ${wanted} in its first ${headerSearchLines} lines. ` +
      'Check the file, or name its layout with --format (docs/RECORD_FORMAT.md lists the columns).',
  );
}
