/** `firebreak sources list|test|kinds`: the configured sources with health, and a dry-run fetch. */
import type { Command } from 'commander';
import { printJson, resolveWorkspace, withApp } from '../context.ts';

function ago(ms: number | undefined, now: number): string {
  if (ms === undefined) return 'never';
  const s = Math.round((now - ms) / 1000);
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

export function register(program: Command): void {
  const sources = program.command('sources').description('list and test the configured sources (connectors)');

  sources
    .command('kinds')
    .description('every source kind Firebreak can run, and the credentials each needs')
    .option('--json', 'print the result as JSON')
    .action(async function (this: Command, opts: { json?: boolean }) {
      await withApp(this, async (app) => {
        const kinds = app.sources.kinds();
        if (opts.json) return printJson(kinds);
        for (const k of kinds)
          process.stdout.write(
            `${k.kind.padEnd(16)} ${k.mode.padEnd(7)} ${k.label}\n${' '.repeat(25)}${k.credentials}\n`,
          );
      });
    });

  sources
    .command('list')
    .description('configured sources of a workspace with their health')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--json', 'print the result as JSON')
    .action(async function (this: Command, opts: { workspace?: string; json?: boolean }) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const list = await app.sources.list(ws.id);
        if (opts.json) return printJson(list);
        if (list.length === 0) {
          process.stdout.write('No sources yet. Add one with POST /api/v1/sources (see docs/SOURCES.md).\n');
          return;
        }
        const now = app.clock.now();
        for (const s of list) {
          const h = s.health ?? {};
          const state = !s.enabled
            ? 'disabled'
            : h.lastErrorAt && h.lastErrorAt > (h.lastSuccessAt ?? 0)
              ? 'failing'
              : 'ok';
          process.stdout.write(
            `${s.id}  ${s.kind.padEnd(14)} ${state.padEnd(8)} ${s.name}\n` +
              `    last success ${ago(h.lastSuccessAt, now)}, lag ${h.lagMs === undefined ? '-' : `${Math.round(h.lagMs / 1000)}s`}, ` +
              `${h.itemsPerMinute ?? 0}/min, ${h.itemsTotal ?? 0} stored${h.lastError ? `, last error: ${h.lastError}` : ''}\n`,
          );
        }
      });
    });

  sources
    .command('test <id>')
    .description('fetch one batch from a source now (nothing is stored, the cursor does not move)')
    .option('--workspace <slug>', 'workspace slug (default: the only one)')
    .option('--json', 'print the result as JSON')
    .action(async function (this: Command, id: string, opts: { workspace?: string; json?: boolean }) {
      await withApp(this, async (app) => {
        const ws = await resolveWorkspace(app, opts.workspace);
        const result = await app.sources.test(ws.id, id);
        if (opts.json) printJson(result);
        else {
          process.stdout.write(
            result.ok
              ? `OK: ${result.items} item(s), ${result.malformed} malformed\n${result.samples.map((s) => `  ${s.createdAt}  ${s.id}\n    ${s.text.replace(/\s+/g, ' ').slice(0, 120)}\n`).join('')}`
              : `FAILED: ${result.error}\n`,
          );
        }
        if (!result.ok) process.exitCode = 1;
      });
    });
}
