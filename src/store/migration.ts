import type { Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * A schema change that runs on both databases. `dialect` is there for the few types that differ
 * (auto-increment keys); everything else uses Kysely's schema builder.
 */
export interface FirebreakMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
  down?(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

/** Epoch-ms columns: 64-bit in PostgreSQL, where `integer` is 32-bit. */
export const msType = 'bigint' as const;
