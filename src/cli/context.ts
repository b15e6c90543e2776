/** What every CLI command shares: the global options, the configuration and an assembled app. */
import type { Command } from 'commander';
import type { AppContext } from '../app-context.ts';
import { type AssembleOptions, assemble } from '../assemble.ts';
import { type Config, loadConfig } from '../config/config.ts';
import { errors } from '../domain/errors.ts';

export interface GlobalOptions {
  dataDir?: string;
  database?: string;
  bus?: string;
  logLevel?: string;
  json?: boolean;
}

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--data-dir <dir>', 'where the embedded database and keys live (env FIREBREAK_DATA_DIR)')
    .option(
      '--database <url>',
      '"sqlite" (default), sqlite:/path/file.db or postgres://… (env FIREBREAK_DATABASE)',
    )
    .option('--bus <url>', '"memory" (default) or nats://host:4222 (env FIREBREAK_BUS)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug (env FIREBREAK_LOG_LEVEL)');
}

/** The global options of the root program, whatever subcommand is running. */
export function globalOptions(command: Command): GlobalOptions {
  let root = command;
  while (root.parent) root = root.parent;
  return { ...root.opts<GlobalOptions>(), ...command.opts<GlobalOptions>() };
}

export function cliConfig(command: Command, overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  const o = globalOptions(command);
  return loadConfig({
    dataDir: o.dataDir,
    database: o.database,
    bus: o.bus,
    // Commands other than `start` keep stdout for their own output.
    logLevel: o.logLevel ?? process.env.FIREBREAK_LOG_LEVEL ?? 'warn',
    ...overrides,
  });
}

export async function withApp<T>(
  command: Command,
  fn: (app: AppContext) => Promise<T>,
  options: AssembleOptions & { config?: Partial<Record<keyof Config, unknown>> } = {},
): Promise<T> {
  const app = await assemble(cliConfig(command, options.config), options);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** A workspace by slug or id, or the only one there is. */
export async function resolveWorkspace(app: AppContext, slugOrId?: string) {
  if (slugOrId) {
    const ws = await app.auth.findWorkspace(slugOrId);
    if (!ws) throw errors.notFound(`Workspace "${slugOrId}"`);
    return ws;
  }
  const all = await app.store.db
    .selectFrom('workspaces')
    .selectAll()
    .orderBy('created_at')
    .limit(2)
    .execute();
  if (all.length === 1) return all[0]!;
  if (all.length === 0)
    throw errors.notFound('A workspace (run `firebreak start --demo` or create one with the API first)');
  throw errors.badRequest('There are several workspaces: pass --workspace <slug>.');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
