/**
 * The composition root: builds the adapters chosen by configuration (store, bus), the pipeline with its
 * stages and consumers, and the module services, for the server and the CLI alike. Nothing imports this
 * file but src/server/ entry points, src/cli/ and tests.
 */
import type { AppContext } from './app-context.ts';
import { MemoryBus } from './bus/memory/memory-bus.ts';
import { NatsBus } from './bus/nats/nats-bus.ts';
import type { Config } from './config/config.ts';
import { resolveSecretKey } from './config/secret-key.ts';
import { findKnown } from './enrich/reach.ts';
import { createAlertsModule } from './modules/alerts/index.ts';
import { systemActor } from './modules/audit/audit.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createKnownAuthorsService } from './modules/authors/index.ts';
import { createBrandsService } from './modules/brands/brands.service.ts';
import { createCrisesModule } from './modules/crises/index.ts';
import { createInboxService } from './modules/inbox/index.ts';
import { createPlaybooksService, readLibrary } from './modules/playbooks/index.ts';
import { setSourceHealthProvider } from './modules/sources/sources.metrics.ts';
import { createSourcesService } from './modules/sources/sources.service.ts';
import { createStatementsService } from './modules/statements/index.ts';
import { createStoriesService } from './modules/stories/index.ts';
import { createTeamService } from './modules/team/index.ts';
import { createTopicsModule } from './modules/topics/index.ts';
import { createNotifiers } from './notify/index.ts';
import { createDetectConsumer } from './pipeline/consumers/detect.ts';
import { createInboxConsumer } from './pipeline/consumers/inbox.ts';
import { holdLeadership } from './pipeline/leadership.ts';
import { Pipeline } from './pipeline/pipeline.ts';
import { createEnrichStage } from './pipeline/stages/enrich.ts';
import { createMatchStage } from './pipeline/stages/match.ts';
import { createStorySync, createStorySyncStage } from './pipeline/story-sync.ts';
import { type Bus, subjects } from './ports/bus.ts';
import { type Clock, systemClock } from './ports/clock.ts';
import type { Stage, StoredMentionConsumer } from './ports/stage.ts';
import { SqlDetectorState } from './store/detector-state.ts';
import { SqlLeaseStore } from './store/leases.ts';
import { SqlMentionFeed } from './store/mention-feed.ts';
import { openStore, type Store } from './store/open.ts';
import { createLogger, type Logger } from './telemetry/logger.ts';

export interface AssembleOptions {
  clock?: Clock;
  logger?: Logger;
  /** Extra stages/consumers (tests, drills). */
  stages?: Stage[];
  consumers?: StoredMentionConsumer[];
  /** How long the detectors' lease lasts without renewal (tests of the hand-over shorten it). */
  leaseTtlMs?: number;
}

export async function assemble(config: Config, options: AssembleOptions = {}): Promise<AppContext> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({ database: config.database, dataDir: config.dataDir });
  let bus: Bus;
  try {
    bus = await openBus(config, logger);
  } catch (error) {
    await store.close();
    throw error;
  }

  const stopper: Array<() => Promise<void> | void> = [];
  const topics = createTopicsModule({ db: store.db, clock, mentions: store.mentions });
  await topics.reload();
  const matchStage = createMatchStage(topics.live, {
    onError: (err, m) =>
      logger.warn({ err, source: m.source, id: m.externalId }, 'topic matching failed; kept untagged'),
  });
  const authors = createKnownAuthorsService({ db: store.db, clock });
  await authors.reload();
  const enrichStage = createEnrichStage({
    knownFor: (workspaceId) => authors.known(workspaceId),
    onError: (step, err, m) =>
      logger.warn(
        { err, step, source: m.source, id: m.externalId },
        'enrichment step failed; field left unset',
      ),
  });
  // The story tracker is memory: it re-reads the latest stored mentions before the first batch (a story
  // that began before a restart keeps its id) and, scaled out, tails what the other processes store.
  const storySync = createStorySync({
    feed: new SqlMentionFeed(store.db),
    tracker: enrichStage.enrichers.stories,
  });
  const storySyncFailed = (err: unknown) =>
    logger.warn({ err }, 'stored stories not read; new ones start afresh');
  const stages: Stage[] = [
    matchStage,
    createStorySyncStage(storySync, storySyncFailed),
    enrichStage,
    ...(options.stages ?? []),
  ];
  // Detectors see every stored mention and hand their signals to the alerts module (built below); their
  // learned baselines are restored here and saved every 5 minutes and at shutdown (docs/DETECTION.md).
  const detect = createDetectConsumer((signals) => ctx.alerts.alerts.accept(signals), {
    topicInfo: (id) => topics.live.info(id),
    knownAuthor: (m) => findKnown(m, authors.known(m.workspaceId)),
    settingsFor: (ws, brand) => ctx.alerts.settings.detectorSettings(ws, brand),
    state: new SqlDetectorState(store.db),
    onStateError: (err, what) => logger.warn({ err, what }, 'detector state not saved/restored; relearning'),
  });
  const consumers: StoredMentionConsumer[] = [
    createInboxConsumer((batch) => ctx.inbox.enqueue(batch)),
    ...(options.consumers ?? []),
  ];
  const pipeline = new Pipeline({
    store: store.mentions,
    bus,
    clock,
    stages,
    logger,
    batchSize: config.batchSize,
    maxInFlight: config.maxInFlightBatches,
  });
  const subscribe = (consumer: StoredMentionConsumer) =>
    bus.subscribe(
      subjects.mentionsStored,
      consumer.name,
      (batch: Parameters<StoredMentionConsumer['consume']>[0]) => consumer.consume(batch, { clock }),
    );
  for (const consumer of consumers) await subscribe(consumer);
  // The detectors learn per-brand baselines in memory, so one process runs them: the holder of the
  // `detectors` lease, which restores the saved baselines first. The others take over when it stops.
  const detection = await holdLeadership({
    lease: new SqlLeaseStore(store.db),
    name: 'detectors',
    ttlMs: options.leaseTtlMs,
    lead: async () => {
      await detect.restore();
      const subscription = await subscribe(detect);
      return async (why) => {
        await subscription.unsubscribe();
        // Only while the lease is still ours: a successor may already be saving its own baselines.
        if (why === 'shutdown') await detect.persist(clock.now());
      };
    },
    onChange: (leading) =>
      logger.info(
        leading ? 'detectors run in this process' : 'detectors handed over; this process stands by',
      ),
    onError: (err) => logger.warn({ err }, 'detector lease could not be renewed'),
  });

  let closed = false;
  const secretKey = resolveSecretKey(config);
  const notifiers = createNotifiers(config, { clock });
  const ctx: AppContext = {
    config,
    clock,
    logger,
    secretKey,
    store,
    bus,
    pipeline,
    detection,
    auth: createAuthService({ db: store.db, clock, sessionTtlHours: config.sessionTtlHours }),
    brands: createBrandsService({ db: store.db, clock }),
    authors,
    stories: createStoriesService({ db: store.db, dialect: store.dialect }),
    topics,
    alerts: createAlertsModule({
      db: store.db,
      clock,
      notifiers,
      secretKey,
      allowPrivateNetworks: config.allowPrivateNetworks,
      publicUrl: config.publicUrl,
      log: logger,
      brandInfo: (workspaceId, brandId) => ctx.brands.find(workspaceId, brandId).catch(() => undefined),
      openCrisis: (alert, actor) => ctx.crises.openFromAlert(alert, actor),
    }),
    crises: createCrisesModule({
      db: store.db,
      clock,
      publicUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
      team: () => ctx.team,
      playbooks: () => ctx.playbooks,
      alerts: () => ctx.alerts.alerts,
      brand: (workspaceId, brandId) =>
        ctx.brands.find(workspaceId, brandId).then(
          (b) => ({ name: b.name, aliases: b.aliases }),
          () => undefined,
        ),
      notifiers,
      log: logger,
    }),
    get statements() {
      return statements;
    },
    team: createTeamService({ db: store.db, clock }),
    playbooks: createPlaybooksService({
      db: store.db,
      clock,
      library: () => readLibrary(),
      declareRoles: (actor, workspaceId, roles) => ctx.team.ensureRoles(actor, workspaceId, roles),
    }),
    inbox: createInboxService({
      db: store.db,
      clock,
      crises: () => ctx.crises,
      statements: () => ctx.statements,
      playbooks: () => ctx.playbooks,
    }),
    sources: createSourcesService({
      db: store.db,
      clock,
      secretKey,
      allowPrivateNetworks: config.allowPrivateNetworks,
    }),
    onClose: (stop) => void stopper.push(stop),
    close: async () => {
      if (closed) return;
      closed = true;
      // Order matters: stop the producers, drain what is in flight, then close the adapters.
      for (const stop of stopper.reverse()) await stop();
      await pipeline.drain();
      await bus.close();
      await store.close();
    },
  };
  const statements = createStatementsService({
    db: store.db,
    clock,
    crises: ctx.crises,
    tasks: ctx.crises.tasks,
    team: () => ctx.team,
    playbooks: () => ctx.playbooks,
  });
  // Mentions linked to a crisis enter the response inbox in the linking transaction.
  ctx.crises.onMentionsLinked = (trx, workspaceId, crisisId, mentions) =>
    ctx.inbox.linkToCrisis(trx, workspaceId, crisisId, mentions);
  installLibraryOnNewWorkspaces(ctx);
  setSourceHealthProvider(() => ctx.sources.healthRows());
  // Escalation and snooze timers run on the wall clock; with an injected clock the caller ticks by hand.
  ctx.onClose(options.clock ? () => ctx.alerts.alerts.drain() : ctx.alerts.alerts.start());
  ctx.onClose(() => ctx.crises.drain());
  // Registered early, so it runs after the producers' stoppers: what is in flight is detected, then saved.
  ctx.onClose(() =>
    pipeline
      .drain()
      .then(() => bus.drain())
      .then(() => detection.stop()),
  );
  if (!options.clock)
    ctx.onClose(authors.startRefresh(30_000, (err) => logger.warn({ err }, 'known authors refresh failed')));
  if (!options.clock)
    ctx.onClose(topics.startRefresh(30_000, (err) => logger.warn({ err }, 'topic refresh failed')));
  // Scaled out, the other processes start stories too; an embedded install is one process.
  if (config.bus !== 'memory') ctx.onClose(storySync.follow(5_000, storySyncFailed));
  return ctx;
}

/** Every new workspace (the demo one too) starts with the default playbook library (docs/PLAYBOOKS.md). */
function installLibraryOnNewWorkspaces(ctx: AppContext): void {
  ctx.auth.afterWorkspaceCreated(async (ws) => {
    try {
      const report = await ctx.playbooks.installDefaults(systemActor('playbook-library'), ws.id);
      for (const bad of report.invalid) {
        ctx.logger.warn(
          { file: bad.file, problems: bad.problems },
          'library playbook is invalid; not installed',
        );
      }
    } catch (err) {
      ctx.logger.error(
        { err, workspace: ws.id },
        'installing the playbook library failed; run firebreak playbooks install-defaults',
      );
    }
  });
}

async function openBus(config: Config, logger: Logger): Promise<Bus> {
  const onError = (error: unknown, subject: string, group: string) =>
    logger.error({ err: error, subject, group }, 'bus consumer failed');
  if (config.bus === 'memory') return new MemoryBus({ onError });
  if (config.bus.startsWith('nats://')) {
    // nats://host:4222?stream=NAME lets several installs (or test runs) share one NATS server.
    const url = new URL(config.bus);
    return NatsBus.connect({
      servers: url.host,
      stream: url.searchParams.get('stream') ?? undefined,
      onError,
    });
  }
  throw new Error(`FIREBREAK_BUS must be "memory" or a nats:// URL, not "${config.bus}".`);
}

export type { Store };
