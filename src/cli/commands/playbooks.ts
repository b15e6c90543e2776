/**
 * `firebreak playbooks`: list the workspace's playbooks, validate a file (no database needed: fit for a
 * pull-request check), import a file as the next version, export a version, print a file in canonical
 * form, install the default library.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { errors } from '../../domain/errors.ts';
import { describeProblem, parsePlaybookYaml, playbookToYaml } from '../../domain/playbook.ts';
import { systemActor } from '../../modules/audit/audit.ts';
import type { InstallReport } from '../../modules/playbooks/index.ts';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

const actor = systemActor('cli');
const wsOption = ['--workspace <slug>', 'workspace slug (default: the only one)'] as const;

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw errors.badRequest(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function printReport(slug: string, r: InstallReport): void {
  for (const p of r.installed)
    process.stdout.write(`${slug}: installed ${p.key} v${p.version} (${p.file})\n`);
  for (const p of r.unchanged) process.stdout.write(`${slug}: unchanged ${p.key} v${p.version}\n`);
  for (const p of r.customised) {
    process.stdout.write(
      `${slug}: kept ${p.key} v${p.version} (the workspace's own version; not overwritten)\n`,
    );
  }
  for (const bad of r.invalid) {
    process.stderr.write(`${bad.file}: invalid, not installed\n`);
    for (const p of bad.problems) process.stderr.write(`  ${describeProblem(p)}\n`);
    process.exitCode = 1;
  }
}

export function register(program: Command): void {
  const playbooks = program
    .command('playbooks')
    .description('scenario playbooks (YAML): list, validate, import, export, install the default library');

  playbooks
    .command('list')
    .description('the latest version of every playbook of a workspace')
    .option(...wsOption)
    .option('--json', 'print JSON')
    .action(async function (this: Command, opts: { workspace?: string; json?: boolean }) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const list = await app.playbooks.list(ws.id);
        if (opts.json) return printJson(list);
        for (const p of list) {
          const a = p.appliesTo;
          const when = [
            a.crisisTypes.length ? a.crisisTypes.join('|') : 'any type',
            a.categories.length ? a.categories.join('|') : 'any category',
            `severity ≥ ${a.minSeverity}`,
          ].join(', ');
          process.stdout.write(
            `${p.key.padEnd(28)} v${String(p.version).padEnd(3)} ${p.name}  (${when}; ${p.languages.join(' ')})\n`,
          );
        }
      });
    });

  playbooks
    .command('validate <file...>')
    .description(
      'check playbook files without storing them; every problem with its path and line (exit 1 if any)',
    )
    .action((files: string[]) => {
      for (const file of files) {
        const r = parsePlaybookYaml(readFile(file).replace(/\r\n?/g, '\n'));
        if (r.ok) {
          process.stdout.write(
            `${file}: ok (${r.spec.key}: ${r.spec.steps.length} steps, ${r.spec.statements.length} statements)\n`,
          );
          continue;
        }
        process.exitCode = 1;
        for (const p of r.problems) process.stdout.write(`${file}: ${describeProblem(p)}\n`);
      }
    });

  playbooks
    .command('format <file>')
    .description('print a valid playbook file in canonical form (--write to rewrite the file)')
    .option('--write', 'rewrite the file in place')
    .action((file: string, opts: { write?: boolean }) => {
      const r = parsePlaybookYaml(readFile(file).replace(/\r\n?/g, '\n'));
      if (!r.ok)
        throw errors.validation(`${file} is not valid: ${r.problems.map(describeProblem).join('; ')}`);
      const yaml = playbookToYaml(r.spec);
      if (opts.write) writeFileSync(file, yaml);
      else process.stdout.write(yaml);
    });

  playbooks
    .command('import <file>')
    .description('validate a file and store it as the next version of its key (nothing if unchanged)')
    .option(...wsOption)
    .action(async function (this: Command, file: string, opts: { workspace?: string }) {
      const source = readFile(file);
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const checked = app.playbooks.validate(source);
        if (!checked.ok) {
          for (const p of checked.problems) process.stderr.write(`${file}: ${describeProblem(p)}\n`);
          process.exitCode = 1;
          return;
        }
        const r = await app.playbooks.importYaml(actor, ws.id, source);
        process.stdout.write(
          r.created
            ? `${r.playbook.key} v${r.playbook.version} imported\n`
            : `${r.playbook.key} v${r.playbook.version} unchanged (same text as the latest version)\n`,
        );
      });
    });

  playbooks
    // The version is a positional argument: the root program owns `--version` (it prints the release).
    .command('export <key> [version]')
    .description('print the YAML of a playbook version (default: the latest), exactly as imported')
    .option(...wsOption)
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async function (
      this: Command,
      key: string,
      versionArg: string | undefined,
      opts: { workspace?: string; out?: string },
    ) {
      const version = versionArg === undefined ? undefined : Number(versionArg.replace(/^v/i, ''));
      if (version !== undefined && !(Number.isInteger(version) && version >= 1)) {
        throw errors.badRequest(
          `The version must be a positive whole number such as 2 (or v2), not "${versionArg}".`,
        );
      }
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const out = await app.playbooks.exportYaml(ws.id, key, version);
        if (opts.out) writeFileSync(opts.out, out.yaml);
        else process.stdout.write(out.yaml);
      });
    });

  playbooks
    .command('install-defaults')
    .description(
      'install the default library (playbooks/*.yaml) into a workspace, or every workspace with --all',
    )
    .option(...wsOption)
    .option('--all', 'every workspace')
    .action(async function (this: Command, opts: { workspace?: string; all?: boolean }) {
      await withApp(this, async (app) => {
        const targets = opts.all
          ? await app.store.db.selectFrom('workspaces').select(['id', 'slug']).orderBy('slug').execute()
          : [await resolveWorkspace(app, opts.workspace)];
        for (const ws of targets) printReport(ws.slug, await app.playbooks.installDefaults(actor, ws.id));
      });
    });
}
