import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { errors } from '../../domain/errors.ts';
import { openStore } from '../../store/open.ts';
import { cliConfig, printJson } from '../context.ts';

export function register(program: Command): void {
  program
    .command('backup <file>')
    .description('write a consistent snapshot of the embedded SQLite database, safe while Firebreak runs')
    .option('--force', 'overwrite an existing file')
    .option('--json', 'print the result as JSON')
    .action(async function (this: Command, file: string, opts: { force?: boolean; json?: boolean }) {
      const config = cliConfig(this);
      const target = resolve(file);
      if (existsSync(target) && !opts.force)
        throw errors.conflict(`${target} exists; pass --force to overwrite it.`);
      const store = await openStore({ database: config.database, dataDir: config.dataDir, migrate: false });
      try {
        if (!store.sqlite) {
          throw errors.badRequest(
            'backup snapshots the embedded SQLite database; for PostgreSQL use pg_dump.',
          );
        }
        // SQLite's online backup API copies a consistent snapshot page by page while writers continue.
        await store.sqlite.backup(target);
        const mentions = (await store.sqlite.prepare('SELECT COUNT(*) AS n FROM mentions').get()) as {
          n: number;
        };
        if (opts.json) printJson({ file: target, mentions: mentions.n });
        else process.stdout.write(`Backup written to ${target} (${mentions.n} mentions).\n`);
      } finally {
        await store.close();
      }
    });
}
