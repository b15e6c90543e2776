/** Runs a test body against every storage adapter: SQLite (temp dir) and PostgreSQL (temp database). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/open.ts';
import { createTempPostgresDatabase, postgresAdminUrl, serviceSkipReason } from './services.ts';

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** Why this adapter is skipped here, if it is. */
  skip(): Promise<string | undefined>;
  open(): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

export const storeFactories: StoreFactory[] = [
  {
    name: 'sqlite',
    skip: async () => undefined,
    open: async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-test-'));
      const store = await openStore({ database: 'sqlite', dataDir });
      return {
        store,
        cleanup: async () => {
          await store.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: () => serviceSkipReason('PostgreSQL', postgresAdminUrl),
    open: async () => {
      const temp = await createTempPostgresDatabase();
      const store = await openStore({ database: temp.url, dataDir: tmpdir() });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await temp.drop();
        },
      };
    },
  },
];
