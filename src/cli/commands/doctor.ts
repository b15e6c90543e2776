import { accessSync, constants, mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { type MigrationProvider, Migrator } from 'kysely';
import { MemoryBus } from '../../bus/memory/memory-bus.ts';
import { NatsBus } from '../../bus/nats/nats-bus.ts';
import type { Config } from '../../config/config.ts';
import { migrations } from '../../store/migrations/index.ts';
import { isPostgresUrl, openStore } from '../../store/open.ts';
import { cliConfig, printJson } from '../context.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

async function check(name: string, fn: () => Promise<string>): Promise<Check> {
  try {
    return { name, ok: true, detail: await fn() };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check the configuration, the database, the bus and the data directory')
    .option('--json', 'print the checks as JSON')
    .action(async function (this: Command, opts: { json?: boolean }) {
      const checks: Check[] = [];
      let config: Config | undefined;
      checks.push(
        await check('configuration', async () => {
          config = cliConfig(this);
          return `database=${isPostgresUrl(config.database) ? 'postgres' : config.database}, bus=${config.bus}, dataDir=${config.dataDir}`;
        }),
      );
      if (config) {
        const c = config;
        if (!isPostgresUrl(c.database)) {
          checks.push(
            await check('data directory', async () => {
              mkdirSync(c.dataDir, { recursive: true });
              accessSync(c.dataDir, constants.W_OK);
              return `${c.dataDir} is writable`;
            }),
          );
        }
        checks.push(
          await check('database', async () => {
            const store = await openStore({ database: c.database, dataDir: c.dataDir, migrate: false });
            try {
              const provider: MigrationProvider = {
                getMigrations: async () =>
                  Object.fromEntries(Object.keys(migrations).map((k) => [k, { up: async () => {} }])),
              };
              const state = await new Migrator({ db: store.db, provider }).getMigrations();
              const pending = state.filter((m) => !m.executedAt).map((m) => m.name);
              return pending.length
                ? `reachable (${store.dialect}); pending migrations: ${pending.join(', ')} (start applies them)`
                : `reachable (${store.dialect}), schema up to date`;
            } finally {
              await store.close();
            }
          }),
        );
        checks.push(
          await check('bus', async () => {
            if (c.bus === 'memory') {
              await new MemoryBus().close();
              return 'in-process';
            }
            const bus = await NatsBus.connect({ servers: c.bus });
            await bus.close();
            return `NATS JetStream reachable at ${c.bus}`;
          }),
        );
        checks.push(
          await check('e-mail', async () => {
            if (!c.smtpUrl) return 'not configured (FIREBREAK_SMTP_URL): e-mail notifications are off';
            const url = new URL(c.smtpUrl);
            if (!/^smtps?:$/.test(url.protocol))
              throw new Error('FIREBREAK_SMTP_URL must start with smtp:// or smtps://');
            return `SMTP ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`;
          }),
        );
      }
      const ok = checks.every((c) => c.ok);
      if (opts.json) printJson({ ok, checks });
      else for (const c of checks) process.stdout.write(`${c.ok ? '✔' : '✖'} ${c.name}: ${c.detail}\n`);
      process.exitCode = ok ? 0 : 1;
    });
}
