import type { Command } from 'commander';
import { migrate, openStore } from '../../store/open.ts';
import { cliConfig, printJson } from '../context.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (start does this too)')
    .option('--json', 'print the result as JSON')
    .action(async function (this: Command, opts: { json?: boolean }) {
      const config = cliConfig(this);
      const store = await openStore({ database: config.database, dataDir: config.dataDir, migrate: false });
      try {
        const applied = await migrate(store.db, store.dialect);
        if (opts.json) printJson({ database: store.dialect, applied });
        else
          process.stdout.write(
            applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n',
          );
      } finally {
        await store.close();
      }
    });
}
