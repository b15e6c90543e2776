/**
 * `firebreak import FILE`: a file of mentions (JSONL, CSV, Brandwatch / Talkwalker / Meltwater exports)
 * through the real pipeline. Exit codes: 0 when the file was read (even if lines were rejected: the
 * summary lists them), 1 when it could not be (missing, unreadable, unrecognised, database down),
 * 2 for usage errors.
 */

import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { type ImportProgress, type ImportSummary, importFile, importFormats } from '../../import/index.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

interface ImportCliOptions {
  workspace?: string;
  format: string;
  dryRun?: boolean;
  json?: boolean;
  source?: string;
}

/** How many rejected lines the human summary shows (the JSON one lists up to 1,000). */
const SHOWN_REJECTIONS = 10;

export function register(program: Command): void {
  program
    .command('import <file>')
    .description(
      'import mentions from a JSONL, CSV, Brandwatch, Talkwalker or Meltwater file (docs/RECORD_FORMAT.md)',
    )
    .option('--workspace <slug>', 'workspace slug or id (default: the only one)')
    .addOption(
      new Option('--format <format>', 'file layout').choices(['auto', ...importFormats]).default('auto'),
    )
    .option('--source <platform>', 'platform name for records that do not say theirs (e.g. "x", "reddit")')
    .option('--dry-run', 'validate and count without storing anything')
    .option('--json', 'print only the JSON summary')
    .addHelpText(
      'after',
      '\nExit codes: 0 the file was read (rejected lines are listed in the summary), 1 it could not be read\n' +
        '(missing, unreadable, unrecognised layout, database unavailable), 2 usage error.',
    )
    .action(async function (this: Command, file: string, opts: ImportCliOptions) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const bar = !opts.json && process.stderr.isTTY ? progressBar() : undefined;
        let summary: ImportSummary;
        try {
          summary = await importFile(file, {
            sink: app.pipeline,
            origin: { workspaceId: ws.id, defaultSource: opts.source, keepUnmatched: true },
            dryRun: opts.dryRun,
            format: opts.format as ImportSummary['format'] | 'auto',
            onProgress: bar ? (p) => updateBar(bar, p) : undefined,
          });
        } finally {
          bar?.stop();
        }
        if (opts.json) printJson(summary);
        else process.stdout.write(describe(summary, ws.slug));
      });
    });
}

function progressBar(): SingleBar {
  const bar = new SingleBar({
    format: 'importing [{bar}] {percentage}% | {read} read, {stored} stored, {rejected} rejected',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(100, 0, { read: 0, stored: 0, rejected: 0 });
  return bar;
}

function updateBar(bar: SingleBar, p: ImportProgress): void {
  const percent = p.bytesTotal > 0 ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 100;
  bar.update(percent, { read: p.read, stored: p.stored, rejected: p.rejected });
}

const n = (v: number) => v.toLocaleString('en-US');

export function describe(s: ImportSummary, workspace: string): string {
  const lines = [
    `${s.dryRun ? 'Dry run of' : 'Imported'} ${s.file} (${s.format}, ${s.encoding}) into workspace "${workspace}" in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `  read:       ${n(s.read)}`,
    s.dryRun ? `  valid:      ${n(s.valid ?? 0)} (nothing stored)` : `  stored:     ${n(s.stored)}`,
    `  duplicates: ${n(s.duplicates)}${s.dryRun ? ' (repeated within the file)' : ' (already stored)'}`,
  ];
  if (s.dropped > 0) lines.push(`  dropped:    ${n(s.dropped)} (by pipeline stages)`);
  lines.push(`  rejected:   ${n(s.rejectedCount)}`);
  for (const r of s.rejected.slice(0, SHOWN_REJECTIONS)) lines.push(`    line ${r.line}: ${r.reason}`);
  if (s.rejectedCount > SHOWN_REJECTIONS) {
    lines.push(
      `    … and ${n(s.rejectedCount - SHOWN_REJECTIONS)} more (run with --json to list up to 1,000)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
