/**
 * DetectorStateStore on the `detector_state` table (migration 0015), SQLite and PostgreSQL alike: one row
 * per workspace holding its snapshot as gzip-compressed JSON in base64 (a week of 5-minute buckets per
 * brand and topic is mostly small numbers and zeros, which compress well).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { DetectorStateStore } from '../ports/detector-state.ts';
import type { Database } from './schema.ts';

export interface DetectorStateTable {
  workspace_id: string;
  version: number;
  /** base64(gzip(JSON)). */
  state: string;
  /** Uncompressed JSON size, for operators. */
  bytes: number;
  saved_at: number;
}

declare module './schema.ts' {
  interface Database {
    detector_state: DetectorStateTable;
  }
}

export class SqlDetectorState implements DetectorStateStore {
  constructor(private readonly db: Kysely<Database>) {}

  async loadAll(): Promise<Map<string, unknown>> {
    const rows = await this.db.selectFrom('detector_state').select(['workspace_id', 'state']).execute();
    const out = new Map<string, unknown>();
    for (const r of rows) {
      try {
        out.set(r.workspace_id, JSON.parse(gunzipSync(Buffer.from(r.state, 'base64')).toString('utf8')));
      } catch {
        // An unreadable snapshot is skipped: that workspace's detectors learn again.
      }
    }
    return out;
  }

  async save(workspaceId: string, snapshot: unknown, at: number): Promise<void> {
    const json = JSON.stringify(snapshot);
    const state = gzipSync(json).toString('base64');
    const v = (snapshot as { version?: unknown })?.version;
    const row = {
      version: typeof v === 'number' ? v : 0,
      state,
      bytes: Buffer.byteLength(json),
      saved_at: at,
    };
    await this.db
      .insertInto('detector_state')
      .values({ workspace_id: workspaceId, ...row })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
      .execute();
  }
}
