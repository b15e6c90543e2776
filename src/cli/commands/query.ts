/**
 * `firebreak query test "QUERY" --file sample.jsonl [--json]`: which records of a native JSONL file a
 * query matches, with no database. With --json stdout is only a JSON array of the matching records' ids
 * (scripts can check it); rejected lines go to stderr. Exit codes: 0 ran (whatever matched), 1 invalid
 * query or unreadable file, 2 usage error.
 */
import type { Command } from 'commander';
import { errors } from '../../domain/errors.ts';
import type { Mention } from '../../domain/mention.ts';
import { normaliseRecord } from '../../domain/record.ts';
import { readLines } from '../../import/lines.ts';
import { compileQuery, type HighlightSpan, highlight, matchesDoc, QueryError } from '../../query/index.ts';

interface QueryTestOptions {
  file: string;
  json?: boolean;
}

const shownRejections = 10;

export function register(program: Command): void {
  const query = program
    .command('query')
    .description('work with boolean topic queries (docs/QUERY_LANGUAGE.md)');
  query
    .command('test <query>')
    .description('print the records of a native JSONL file that a query matches')
    .requiredOption('--file <path>', 'records in the native JSONL format (docs/RECORD_FORMAT.md)')
    .option('--json', 'print only a JSON array of the ids of matching records')
    .addHelpText(
      'after',
      '\nExample: firebreak query test \'"acme air" OR אקמה OR Акме~ OR 阿克米\' --file sample.jsonl --json\n' +
        'Exit codes: 0 the file was searched, 1 invalid query or unreadable file, 2 usage error.',
    )
    .action(async (text: string, opts: QueryTestOptions) => {
      let compiled: ReturnType<typeof compileQuery>;
      try {
        compiled = compileQuery(text);
      } catch (error) {
        if (error instanceof QueryError) throw errors.invalidQuery(`invalid query: ${error.message}`);
        throw error;
      }
      const matched: Mention[] = [];
      const rejected: string[] = [];
      let read = 0;
      try {
        for await (const batch of readLines(opts.file)) {
          batch.lines.forEach((line, k) => {
            const lineNo = batch.firstLine + k;
            if (typeof line === 'string' && line.trim() === '') return;
            read++;
            let input: unknown = line;
            if (typeof line === 'string') {
              try {
                input = JSON.parse(line);
              } catch {
                rejected.push(`line ${lineNo}: not valid JSON`);
                return;
              }
            }
            const result = normaliseRecord(input, 'cli');
            if (!result.ok) rejected.push(`line ${lineNo}: ${result.reason}`);
            else if (matchesDoc(compiled, result.mention)) matched.push(result.mention);
          });
        }
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
          throw errors.badRequest(`cannot read ${opts.file} (${code})`);
        }
        throw error;
      }
      for (const r of rejected.slice(0, shownRejections)) process.stderr.write(`rejected ${r}\n`);
      if (rejected.length > shownRejections) {
        process.stderr.write(`… and ${rejected.length - shownRejections} more rejected lines\n`);
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(matched.map((m) => m.externalId))}\n`);
        return;
      }
      for (const m of matched) {
        process.stdout.write(`${m.externalId}\t${m.source}\t${marked(m.text, highlight(compiled.ast, m))}\n`);
      }
      process.stdout.write(
        `${matched.length} of ${read} records match${rejected.length ? ` (${rejected.length} rejected)` : ''}\n`,
      );
    });
}

/** The text on one line with the matched terms between » and «, shortened around the first match. */
function marked(text: string, spans: HighlightSpan[]): string {
  const inText = spans.filter((s) => s.field === 'text');
  let out = '';
  let at = 0;
  for (const s of inText) {
    if (s.start < at) continue;
    out += `${text.slice(at, s.start)}»${text.slice(s.start, s.end)}«`;
    at = s.end;
  }
  out += text.slice(at);
  const flat = out.replace(/\s+/g, ' ');
  const first = Math.max(0, flat.indexOf('»') - 60);
  return (first > 0 ? '…' : '') + flat.slice(first, first + 200) + (flat.length > first + 200 ? '…' : '');
}
