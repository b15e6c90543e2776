/**
 * LeaseStore on the `leases` table (migration 0016), SQLite and PostgreSQL alike. Taking a lease is one
 * conditional upsert, so two processes racing for a free lease cannot both win: the row's update
 * condition is checked under the row lock (PostgreSQL) or the write lock (SQLite).
 */
import type { Kysely } from 'kysely';
import type { LeaseStore } from '../ports/lease.ts';
import type { Database } from './schema.ts';

export interface LeaseTable {
  name: string;
  holder: string;
  expires_at: number;
}

declare module './schema.ts' {
  interface Database {
    leases: LeaseTable;
  }
}

export class SqlLeaseStore implements LeaseStore {
  constructor(private readonly db: Kysely<Database>) {}

  async acquire(name: string, holder: string, ttlMs: number, now: number, takeOverFrom?: string) {
    const row = await this.db
      .insertInto('leases')
      .values({ name, holder, expires_at: now + ttlMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({
            holder: eb.ref('excluded.holder'),
            expires_at: eb.ref('excluded.expires_at'),
          }))
          .where((eb) =>
            eb.or([
              eb('leases.holder', '=', holder),
              eb('leases.expires_at', '<', now),
              ...(takeOverFrom ? [eb('leases.holder', '=', takeOverFrom)] : []),
            ]),
          ),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === holder;
  }

  async current(name: string) {
    const row = await this.db
      .selectFrom('leases')
      .select(['holder', 'expires_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? { holder: row.holder, expiresAt: Number(row.expires_at) } : undefined;
  }

  async release(name: string, holder: string) {
    await this.db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
  }
}
