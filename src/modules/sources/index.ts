/** The sources module: service for the API/CLI, and the background scheduler `firebreak start` runs. */
import type { AppContext } from '../../app-context.ts';
import { SqlCheckpoints } from '../../sources/sql-checkpoints.ts';
import { startSourceScheduler } from './scheduler.ts';

export { createSourcesService, type SourcesService } from './sources.service.ts';

/** Starts every enabled source; returns the stopper (register it with ctx.onClose). */
export function startSources(ctx: AppContext): () => Promise<void> {
  return startSourceScheduler({
    sources: ctx.sources,
    sink: ctx.pipeline,
    checkpoints: new SqlCheckpoints(ctx.store.db, ctx.clock),
    clock: ctx.clock,
    logger: ctx.logger,
  });
}
