/**
 * Runs every enabled pull/stream source in the background of `firebreak start`: one loop per source
 * (poll every interval; streams reconnect after it), re-reading the table every `refreshMs` so that
 * sources created, disabled, edited or deleted through the API start or stop without a restart.
 */
import type { CheckpointStore } from '../../ports/checkpoints.ts';
import type { Clock } from '../../ports/clock.ts';
import type { IngestSink } from '../../ports/ingest.ts';
import { type RunnerLogger, SourceRunner } from '../../sources/runner.ts';
import type { SourcesService } from './sources.service.ts';

export interface SchedulerDeps {
  sources: SourcesService;
  sink: IngestSink;
  checkpoints: CheckpointStore;
  clock: Clock;
  logger: RunnerLogger;
  refreshMs?: number;
}

export function startSourceScheduler(deps: SchedulerDeps): () => Promise<void> {
  const runner = new SourceRunner(deps);
  const running = new Map<string, { controller: AbortController; version: number; done: Promise<void> }>();
  let stopped = false;

  async function refresh(): Promise<void> {
    const rows = await deps.sources.enabledRows();
    const wanted = new Map(rows.map((r) => [r.id, r]));
    for (const [id, run] of running) {
      const r = wanted.get(id);
      if (!r || r.updated_at !== run.version) {
        run.controller.abort();
        running.delete(id);
      }
    }
    for (const r of rows) {
      if (running.has(r.id)) continue;
      const controller = new AbortController();
      let source: ReturnType<SourcesService['runnable']>;
      try {
        source = deps.sources.runnable(r, controller.signal);
      } catch (error) {
        deps.logger.error(
          { sourceId: r.id, kind: r.kind, err: String(error) },
          'source configuration is unusable',
        );
        continue;
      }
      const done = runner.runForever(source, source.intervalMs, (ms) => source.context.sleep(ms));
      running.set(r.id, { controller, version: r.updated_at, done: done.catch(() => undefined) });
    }
  }

  const tick = async () => {
    if (stopped) return;
    await refresh().catch((error) =>
      deps.logger.error({ err: String(error) }, 'source scheduler refresh failed'),
    );
  };
  void tick();
  const timer = setInterval(() => void tick(), deps.refreshMs ?? 30_000);
  timer.unref();

  return async () => {
    stopped = true;
    clearInterval(timer);
    for (const run of running.values()) run.controller.abort();
    await Promise.all([...running.values()].map((r) => r.done));
    running.clear();
  };
}
