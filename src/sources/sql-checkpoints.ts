/** CheckpointStore on the `sources` table: the cursor and health columns of the source's own row. */
import type { Kysely } from 'kysely';
import type { CheckpointStore, SourceHealth } from '../ports/checkpoints.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../store/schema.ts';

export class SqlCheckpoints implements CheckpointStore {
  constructor(
    private readonly db: Kysely<Database>,
    /** Kept for symmetry with the other adapters; progress does not touch updated_at. */
    _clock?: Clock,
  ) {}

  async load(sourceId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('sources')
      .select('cursor')
      .where('id', '=', sourceId)
      .executeTakeFirst();
    return row?.cursor ?? undefined;
  }

  async save(sourceId: string, cursor: string): Promise<void> {
    await this.db
      .updateTable('sources')
      // updated_at tracks configuration changes (the scheduler restarts a source when it moves), not progress.
      .set({ cursor })
      .where('id', '=', sourceId)
      .execute();
  }

  async loadHealth(sourceId: string): Promise<SourceHealth | undefined> {
    const row = await this.db
      .selectFrom('sources')
      .select('health')
      .where('id', '=', sourceId)
      .executeTakeFirst();
    if (!row?.health) return undefined;
    try {
      return JSON.parse(row.health) as SourceHealth;
    } catch {
      return undefined;
    }
  }

  async saveHealth(sourceId: string, health: SourceHealth): Promise<void> {
    await this.db
      .updateTable('sources')
      .set({ health: JSON.stringify(health) })
      .where('id', '=', sourceId)
      .execute();
  }
}
