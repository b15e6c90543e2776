/**
 * Opens the configured database, runs pending migrations and returns the adapters built on it.
 * `sqlite` (default) is one file under the data directory; a postgres:// URL selects PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { FirebreakError } from '../domain/errors.ts';
import type { MentionStore } from '../ports/store.ts';
import type { Dialect } from './migration.ts';
import { migrations } from './migrations/index.ts';
import { PostgresMentionStore } from './postgres/mentions.ts';
import type { Database } from './schema.ts';
import { SqliteMentionStore } from './sqlite/mentions.ts';

export type Db = Kysely<Database>;

export interface Store {
  readonly dialect: Dialect;
  readonly db: Db;
  readonly mentions: MentionStore;
  /** SQLite only: the file, for backups. */
  readonly file?: string;
  /** SQLite only: the raw handle (consistent online backups). */
  readonly sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  database: string;
  dataDir: string;
  migrate?: boolean;
}

// int8 (counts, epoch ms) arrives as a string by default; every value we store fits in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = isPostgresUrl(options.database) ? openPostgres(options.database) : openSqlite(options);
  try {
    if (options.migrate !== false) await migrate(store.db, store.dialect);
    // The mention store prepares statements against the migrated schema.
    const mentions = store.sqlite ? new SqliteMentionStore(store.sqlite) : new PostgresMentionStore(store.db);
    return { ...store, mentions };
  } catch (error) {
    await store.close();
    throw error;
  }
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

function openSqlite(options: OpenStoreOptions): Omit<Store, 'mentions'> {
  let file: string;
  if (options.database === 'sqlite') {
    mkdirSync(options.dataDir, { recursive: true });
    file = join(options.dataDir, 'firebreak.db');
  } else if (options.database.startsWith('sqlite:')) {
    file = options.database.slice('sqlite:'.length);
  } else {
    throw new FirebreakError(
      'validation_failed',
      `FIREBREAK_DATABASE must be "sqlite", "sqlite:/path/file.db" or a postgres:// URL, not "${options.database}".`,
    );
  }
  const sqlite = new SqliteDatabase(file);
  // WAL: readers never block the writer; NORMAL sync keeps every committed transaction across a process
  // crash (kill -9), which is the failure the ingest guarantees are about.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    dialect: 'sqlite',
    db,
    file,
    sqlite,
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

function openPostgres(url: string): Omit<Store, 'mentions'> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, a failover, an administrator) is an 'error' event on
  // the pool; unhandled, it would crash the process. The pool drops that client and the next query
  // opens a new one, so there is nothing else to do.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    close: () => db.destroy(),
  };
}

export async function migrate(db: Kysely<any>, dialect: Dialect): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(
        Object.entries(migrations).map(([name, m]) => [
          name,
          {
            up: (d: Kysely<any>) => m.up(d, dialect),
            down: m.down ? (d: Kysely<any>) => m.down!(d, dialect) : undefined,
          },
        ]),
      ),
  };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new FirebreakError(
      'unavailable',
      `Database migration ${failed} failed: ${(error as Error).message}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
