/**
 * Replays a scenario file through the detection path: the replay source (simulated clock, speed 0) →
 * normalisation → the real match and enrich stages → the detect consumer (every detector) → the alerts
 * module's own de-duplication rules (storm key, storm gap, cooldown; src/modules/alerts/alerts.rules.ts)
 * held in memory. Storage and the bus are left out: they do not change what the detectors see.
 */
import type { Signal, Topic } from '../../src/domain/entities.ts';
import type { Mention } from '../../src/domain/mention.ts';
import { normaliseRecord } from '../../src/domain/record.ts';
import type { KnownAuthor } from '../../src/enrich/reach.ts';
import { findKnown } from '../../src/enrich/reach.ts';
import type { AlertState } from '../../src/modules/alerts/alerts.model.ts';
import { defaultAlertSettings } from '../../src/modules/alerts/alerts.model.ts';
import {
  decide,
  dedupKey,
  mergeSignal,
  newAlertState,
  signalCrisisType,
  signalSeverity,
} from '../../src/modules/alerts/alerts.rules.ts';
import { LiveTopics } from '../../src/modules/topics/live-topics.ts';
import { createDetectConsumer } from '../../src/pipeline/consumers/detect.ts';
import { createEnrichStage } from '../../src/pipeline/stages/enrich.ts';
import { createMatchStage } from '../../src/pipeline/stages/match.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import {
  emptyReport,
  type IngestOrigin,
  type IngestReport,
  type IngestSink,
} from '../../src/ports/ingest.ts';
import { replay } from '../../src/replay/index.ts';

export interface SimAlert {
  id: string;
  key: string;
  openedAt: number;
  severity: number;
  firstSeverity: number;
  types: string[];
  crisisType: string | null;
  signals: number;
}

/** When people were told: an alert opened, or its severity rose above what they had been told. */
export interface SimNotification {
  at: number;
  key: string;
  alertId: string;
  severity: number;
  reason: 'opened' | 'severity_raised';
}

export interface ScenarioRun {
  signals: Signal[];
  alerts: SimAlert[];
  notifications: SimNotification[];
  mentions: number;
}

/** The alerts module's de-duplication, in memory (same rules, same default settings). */
class AlertSim {
  private readonly latest = new Map<string, AlertState>();
  readonly alerts: SimAlert[] = [];
  readonly notifications: SimNotification[] = [];
  private readonly byId = new Map<string, SimAlert>();

  accept(signal: Signal): void {
    const now = signal.createdAt;
    const severity = signalSeverity(signal);
    const key = dedupKey(signal);
    const latest = this.latest.get(key);
    const d = decide(latest, severity, now, defaultAlertSettings);
    if (d.kind === 'suppress') return;
    if (d.kind === 'create') {
      const state = newAlertState({
        id: `a${this.alerts.length + 1}`,
        signal,
        severity,
        subject: key,
        now,
        settings: defaultAlertSettings,
      });
      state.notifiedSeverity = severity;
      this.latest.set(key, state);
      this.notifications.push({ at: now, key, alertId: state.id, severity, reason: 'opened' });
      const a: SimAlert = {
        id: state.id,
        key,
        openedAt: now,
        severity,
        firstSeverity: severity,
        types: [signal.type],
        crisisType: signalCrisisType(signal),
        signals: 1,
      };
      this.alerts.push(a);
      this.byId.set(state.id, a);
      return;
    }
    const { next, notify } = mergeSignal(d.alert, signal, severity, key, now, defaultAlertSettings);
    if (notify) {
      next.notifiedSeverity = next.severity;
      this.notifications.push({
        at: now,
        key,
        alertId: next.id,
        severity: next.severity,
        reason: 'severity_raised',
      });
    }
    this.latest.set(key, next);
    const a = this.byId.get(next.id)!;
    a.severity = next.severity;
    a.types = next.signalTypes;
    a.crisisType = next.suggestedCrisisType;
    a.signals = next.signalCount;
  }
}

class DetectionSink implements IngestSink {
  private readonly seen = new Set<string>();
  constructor(
    private readonly run: (batch: Mention[]) => Promise<void>,
    private readonly clock: ManualClock,
    private readonly stages: { process(b: Mention[], ctx: never): Mention[] | Promise<Mention[]> }[],
    public mentions = 0,
  ) {}
  async ingest(records: unknown[], origin: IngestOrigin): Promise<IngestReport> {
    const report = emptyReport();
    let batch: Mention[] = [];
    for (const r of records) {
      report.read++;
      const n = normaliseRecord(r, origin.workspaceId);
      if (!n.ok) {
        report.rejected.push({ line: report.read, reason: n.reason });
        continue;
      }
      const id = `${n.mention.source}\u0000${n.mention.externalId}`;
      if (this.seen.has(id)) {
        report.duplicates++;
        continue;
      }
      this.seen.add(id);
      batch.push(n.mention);
    }
    for (const stage of this.stages)
      batch = await stage.process(batch, { clock: this.clock, origin } as never);
    report.stored = batch.length;
    this.mentions += batch.length;
    await this.run(batch);
    return report;
  }
}

export async function runScenarioFile(
  file: string,
  setup: { workspaceId: string; topics: Topic[]; known?: KnownAuthor[] },
): Promise<ScenarioRun> {
  const clock = new ManualClock();
  const live = new LiveTopics();
  live.reload(setup.topics);
  const known = new Map<string, KnownAuthor>();
  for (const k of setup.known ?? []) known.set(k.handle.toLowerCase().replace(/^@/, ''), k);
  const enrich = createEnrichStage({ known });
  const match = createMatchStage(live);
  const signals: Signal[] = [];
  const sim = new AlertSim();
  const consumer = createDetectConsumer(
    async (batch) => {
      for (const s of batch) {
        signals.push(s);
        sim.accept(s);
      }
    },
    { topicInfo: (id) => live.info(id), knownAuthor: (m) => findKnown(m, known) },
  );
  const sink = new DetectionSink((batch) => Promise.resolve(consumer.consume(batch, { clock })), clock, [
    match,
    enrich,
  ]);
  await replay(file, { sink, origin: { workspaceId: setup.workspaceId }, speed: 0, clock, batchSize: 200 });
  return { signals, alerts: sim.alerts, notifications: sim.notifications, mentions: sink.mentions };
}
