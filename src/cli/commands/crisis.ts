/**
 * `firebreak crisis`: list, show, open, move and annotate crises, and export the crisis record
 * (`crisis export ID --format md|json`) for the post-crisis review, from the command line.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CrisisStatus, CrisisType, Severity } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { systemActor } from '../../modules/audit/audit.ts';
import { crisisExport, crisisMarkdown } from '../../modules/crises/export.ts';
import { crisisStatuses, crisisTypes } from '../../modules/crises/index.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

const actor = systemActor('cli');

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!allowed.includes(value as T)) throw errors.badRequest(`${flag} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

export function register(program: Command): void {
  const crisis = program
    .command('crisis')
    .description('crises: list, open, move through the lifecycle, export the record');

  crisis
    .command('list')
    .description('crises of a workspace, newest first')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--status <list>', `comma-separated: ${crisisStatuses.join(',')}`)
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { workspace?: string; status?: string; json?: boolean }) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const status = opts.status?.split(',').map((s) => oneOf(s.trim(), crisisStatuses, '--status'));
        const list = await app.crises.list(ws.id, { status, limit: 500 });
        if (opts.json) return printJson(list);
        if (list.length === 0) {
          process.stderr.write(
            `no crises${status ? ` with status ${status.join(',')}` : ''} in ${ws.slug}; open one with: firebreak crisis open --help\n`,
          );
        }
        for (const c of list) {
          process.stdout.write(
            `${c.id}  ${new Date(c.openedAt).toISOString()}  sev ${c.severity}  ${c.status.padEnd(10)}  ${c.isDrill ? '[drill] ' : ''}${c.title}\n`,
          );
        }
      });
    });

  crisis
    .command('show <id>')
    .description('one crisis as JSON (with its tasks)')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .action(async function (this: Command, id: string, opts: { workspace?: string }) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        printJson({ ...(await app.crises.get(ws.id, id)), tasks: await app.crises.tasks.list(ws.id, id) });
      });
    });

  crisis
    .command('open')
    .description('open a crisis by hand (the matching playbook is instantiated and the team notified)')
    .requiredOption('--title <title>', 'what is happening')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--type <type>', crisisTypes.join('|'), 'unknown')
    .option('--severity <1-4>', 'severity', '2')
    .option('--playbook <key>', 'a playbook key instead of the one chosen by type and severity')
    .option('--drill', 'an exercise, marked as such everywhere')
    .option('--json', 'print JSON')
    .action(async function (
      this: Command,
      opts: {
        title: string;
        workspace?: string;
        type: string;
        severity: string;
        playbook?: string;
        drill?: boolean;
        json?: boolean;
      },
    ) {
      const severity = Number(opts.severity);
      if (![1, 2, 3, 4].includes(severity)) throw errors.badRequest('--severity must be 1, 2, 3 or 4.');
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const opened = await app.crises.open(
          ws.id,
          {
            title: opts.title,
            type: oneOf(opts.type, crisisTypes, '--type') as CrisisType,
            severity: severity as Severity,
            playbookKey: opts.playbook,
            isDrill: opts.drill,
          },
          actor,
        );
        await app.crises.drain();
        if (opts.json) printJson(opened);
        else process.stdout.write(`${opened.id}\n`);
      });
    });

  crisis
    .command('status <id> <status>')
    .description(`move a crisis: ${crisisStatuses.join(' → ')}`)
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--note <text>', 'why')
    .action(async function (
      this: Command,
      id: string,
      status: string,
      opts: { workspace?: string; note?: string },
    ) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const to = oneOf(status, crisisStatuses, 'status') as CrisisStatus;
        const moved = await app.crises.transition(ws.id, id, to, actor, opts.note);
        process.stdout.write(`${moved.id} is ${moved.status}\n`);
      });
    });

  crisis
    .command('note <id> <text>')
    .description('add a note to the crisis timeline')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .action(async function (this: Command, id: string, text: string, opts: { workspace?: string }) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        await app.crises.addNote(ws.id, id, text, actor);
      });
    });

  crisis
    .command('export <id>')
    .description('the crisis record: timeline, decisions, tasks, statements, linked alerts and mentions')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--format <format>', 'md|json', 'md')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async function (
      this: Command,
      id: string,
      opts: { workspace?: string; format: string; out?: string },
    ) {
      const format = oneOf(opts.format, ['md', 'json'] as const, '--format');
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const record = await crisisExport(app, ws.id, id);
        const text = format === 'md' ? crisisMarkdown(record) : `${JSON.stringify(record, null, 2)}\n`;
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      });
    });
}
