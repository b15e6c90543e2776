/**
 * Signals in, alerts out: de-duplicates a storm into one alert, applies people's actions through the
 * transition table, escalates unacknowledged alerts on a periodic tick, and routes notifications to
 * channels. Every write is audited in the same transaction. Notifications are sent after the commit,
 * in the background (`drain()` waits for them).
 */
import type { Kysely } from 'kysely';
import type { Severity, Signal } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { DeliveryReport } from '../../notify/delivery.ts';
import type { Notifiers } from '../../notify/index.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit, systemActor } from '../audit/audit.ts';
import { alertMessage } from './alerts.message.ts';
import type { AlertSettings, AlertState, NotifyReason } from './alerts.model.ts';
import { type AlertView, type DeliveryView, presentAlert, presentDelivery } from './alerts.presenter.ts';
import { alertFromRow, alertToRow } from './alerts.queries.ts';
import {
  applyAction,
  decide,
  dedupKey,
  escalateUnacknowledged,
  isEscalationDue,
  isSnoozeOver,
  mergeSignal,
  newAlertState,
  signalSeverity,
  wake,
} from './alerts.rules.ts';
import type { ChannelsService } from './channels.service.ts';
import { routeChannels } from './routing.rules.ts';
import type { RoutingService } from './routing.service.ts';
import type { SettingsService } from './settings.service.ts';

export interface BrandInfo {
  name: string;
  timeZone: string;
}

export interface AlertsServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  notifiers: Notifiers;
  channels: ChannelsService;
  routing: RoutingService;
  settings: SettingsService;
  brandInfo(workspaceId: string, brandId: string): Promise<BrandInfo | undefined>;
  /** Base of links in notifications. */
  publicUrl?: string;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /**
   * Opens a crisis for an alert escalated without a crisis id (wired by the crises module); returns
   * its id. Without it, escalation just records the status.
   */
  openCrisis?(alert: AlertView, actor: Actor): Promise<string | undefined>;
}

export interface AlertListQuery {
  status?: AlertState['status'][];
  brandId?: string;
  minSeverity?: number;
  limit: number;
  /** Alerts created before this epoch ms (paging backwards). */
  before?: number;
}

export type AlertsService = ReturnType<typeof createAlertsService>;

const detectorActor = systemActor('detector');
const escalationActor = systemActor('escalation');

export function createAlertsService(deps: AlertsServiceDeps) {
  const { db, clock } = deps;
  const inflight = new Set<Promise<void>>();
  /** One signal or tick at a time per storm key, so concurrent signals cannot open two alerts. */
  const locks = new Map<string, Promise<unknown>>();

  function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    locks.set(key, settled);
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key);
    });
    return run;
  }

  async function load(workspaceId: string, id: string): Promise<AlertState> {
    const row = await db
      .selectFrom('alerts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Alert ${id}`);
    return alertFromRow(row);
  }

  /** Writes `next` if nobody changed the alert since `previous` was read; audits in the same transaction. */
  async function save(
    previous: AlertState | undefined,
    next: AlertState,
    actor: Actor,
    action: string,
    extra?: Record<string, unknown>,
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      if (previous) {
        const result = await trx
          .updateTable('alerts')
          .set(alertToRow(next))
          .where('id', '=', next.id)
          .where('version', '=', previous.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) {
          throw errors.conflict('This alert changed meanwhile; reload it and try again.');
        }
      } else {
        await trx.insertInto('alerts').values(alertToRow(next)).execute();
      }
      await recordAudit(trx, actor, next.updatedAt, {
        workspaceId: next.workspaceId,
        action,
        subjectType: 'alert',
        subjectId: next.id,
        before: previous ? summary(previous) : undefined,
        after: { ...summary(next), ...extra },
      });
    });
  }

  function summary(a: AlertState) {
    return {
      status: a.status,
      severity: a.severity,
      title: a.title,
      signalCount: a.signalCount,
      escalationLevel: a.escalationLevel,
      crisisId: a.crisisId,
      snoozedUntil: a.snoozedUntil,
    };
  }

  async function subjectOf(signal: Signal): Promise<string> {
    if (signal.brandId) {
      const brand = await deps.brandInfo(signal.workspaceId, signal.brandId);
      if (brand) return brand.name;
    }
    return signal.topicId ? `topic ${signal.topicId}` : 'workspace';
  }

  function notify(alert: AlertState, reason: NotifyReason, tier: number): void {
    const task = dispatch(alert, reason, tier).catch((error) =>
      deps.log?.error({ err: error, alertId: alert.id }, 'alert notification failed'),
    );
    inflight.add(task);
    void task.finally(() => inflight.delete(task));
  }

  async function dispatch(alert: AlertState, reason: NotifyReason, tier: number): Promise<void> {
    const rules = await deps.routing.list(alert.workspaceId);
    const brand = alert.brandId ? await deps.brandInfo(alert.workspaceId, alert.brandId) : undefined;
    const route = routeChannels(rules, {
      brandId: alert.brandId,
      severity: alert.severity,
      at: clock.now(),
      timeZone: brand?.timeZone ?? 'UTC',
      tier,
    });
    if (route.channelIds.length === 0) {
      deps.log?.warn(
        { alertId: alert.id, reason, tier },
        'no routing rule matches this alert; nobody was notified',
      );
      return;
    }
    const message = alertMessage(alert, reason, { publicUrl: deps.publicUrl, tier });
    const targets = await deps.channels.targets(alert.workspaceId, route.channelIds);
    await Promise.all(
      targets.map(async ({ id, target }) => {
        const report = await deps.notifiers.sendTo(target, message);
        await recordDelivery(alert.workspaceId, alert.id, id, target.channel, message.id, reason, report);
      }),
    );
  }

  async function recordDelivery(
    workspaceId: string,
    alertId: string | null,
    channelId: string,
    channel: string,
    messageId: string,
    reason: NotifyReason,
    report: DeliveryReport,
  ): Promise<void> {
    const rows = report.log.map((a) => ({
      id: newId('dlv'),
      workspace_id: workspaceId,
      alert_id: alertId,
      channel_id: channelId,
      channel,
      message_id: messageId,
      reason,
      attempt: a.attempt,
      ok: a.ok ? 1 : 0,
      status: a.status ?? null,
      error: a.error?.slice(0, 500) ?? null,
      duration_ms: a.durationMs,
      at: a.at,
    }));
    if (rows.length) await db.insertInto('notification_deliveries').values(rows).execute();
    if (await deps.channels.recordOutcome(channelId, report)) {
      deps.log?.error(
        { channelId, error: report.error },
        'notification channel disabled after repeated failures',
      );
    }
  }

  async function acceptOne(signal: Signal): Promise<AlertView | undefined> {
    const now = clock.now();
    const settings: AlertSettings = await deps.settings.alertSettings(signal.workspaceId);
    const severity: Severity = signalSeverity(signal);
    if (signal.brandId) {
      const detector = await deps.settings.detectorSettings(signal.workspaceId, signal.brandId);
      if (severity < detector.minAlertSeverity) return undefined;
    }
    const key = dedupKey(signal);
    const latestRow = await db
      .selectFrom('alerts')
      .selectAll()
      .where('workspace_id', '=', signal.workspaceId)
      .where('dedup_key', '=', key)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const latest = latestRow ? alertFromRow(latestRow) : undefined;
    const decision = decide(latest, severity, now, settings);
    const subject = await subjectOf(signal);

    if (decision.kind === 'suppress') {
      const next = {
        ...decision.alert,
        suppressedCount: decision.alert.suppressedCount + 1,
        version: decision.alert.version + 1,
        updatedAt: now,
      };
      await save(decision.alert, next, detectorActor, 'alert.signal_suppressed', { signalId: signal.id });
      return presentAlert(next);
    }
    if (decision.kind === 'merge') {
      const { next, notify: reason } = mergeSignal(decision.alert, signal, severity, subject, now, settings);
      if (reason) next.notifiedSeverity = next.severity;
      await save(decision.alert, next, detectorActor, 'alert.signal', {
        signalId: signal.id,
        signalType: signal.type,
      });
      if (reason && next.status !== 'escalated') notify(next, reason, 0);
      return presentAlert(next);
    }
    const created = newAlertState({ id: newId('alt'), signal, severity, subject, now, settings });
    created.notifiedSeverity = severity;
    await save(undefined, created, detectorActor, 'alert.open', {
      signalId: signal.id,
      signalType: signal.type,
    });
    notify(created, 'opened', 0);
    return presentAlert(created);
  }

  const service = {
    /** Signals from the detectors (a SignalSink). Returns the alert each signal landed in, if any. */
    async accept(signals: Signal[]): Promise<Array<AlertView | undefined>> {
      const out: Array<AlertView | undefined> = [];
      for (const signal of signals) {
        out.push(await serialized(`${signal.workspaceId}|${dedupKey(signal)}`, () => acceptOne(signal)));
      }
      return out;
    },

    async list(workspaceId: string, q: AlertListQuery): Promise<AlertView[]> {
      let query = db.selectFrom('alerts').selectAll().where('workspace_id', '=', workspaceId);
      if (q.status?.length) query = query.where('status', 'in', q.status);
      if (q.brandId) query = query.where('brand_id', '=', q.brandId);
      if (q.minSeverity) query = query.where('severity', '>=', q.minSeverity);
      if (q.before !== undefined) query = query.where('created_at', '<', q.before);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
      return rows.map((r) => presentAlert(alertFromRow(r)));
    },

    async get(workspaceId: string, id: string): Promise<AlertView> {
      return presentAlert(await load(workspaceId, id));
    },

    async deliveries(workspaceId: string, alertId: string): Promise<DeliveryView[]> {
      await load(workspaceId, alertId);
      const rows = await db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('alert_id', '=', alertId)
        .orderBy('at')
        .orderBy('attempt')
        .limit(1_000)
        .execute();
      return rows.map(presentDelivery);
    },

    async act(
      actor: Actor,
      workspaceId: string,
      id: string,
      action: 'acknowledge' | 'resolve' | 'snooze' | 'escalate',
      input: { minutes?: number; crisisId?: string; note?: string } = {},
    ): Promise<AlertView> {
      const current = await load(workspaceId, id);
      const now = clock.now();
      let crisisId = input.crisisId ?? null;
      if (
        action === 'escalate' &&
        !crisisId &&
        deps.openCrisis &&
        current.status !== 'resolved' &&
        current.status !== 'escalated'
      ) {
        crisisId = (await deps.openCrisis(presentAlert(current), actor)) ?? null;
      }
      const next = applyAction(current, action, {
        actor: actor.label,
        now,
        snoozeUntil: input.minutes ? now + input.minutes * 60_000 : undefined,
        crisisId,
      });
      if (!next) {
        throw errors.conflict(`An alert that is ${current.status} cannot be ${pastTense[action]}.`);
      }
      await save(
        current,
        next,
        actor,
        `alert.${action}`,
        input.note ? { note: input.note.slice(0, 2_000) } : undefined,
      );
      return presentAlert(next);
    },

    /**
     * The periodic work: escalate open alerts nobody acknowledged in time and wake snoozed alerts whose
     * snooze is over. Idempotent; safe to run from several processes (version checks).
     */
    async tick(): Promise<{ escalated: number; woken: number }> {
      const now = clock.now();
      const dueRows = await db
        .selectFrom('alerts')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'open'), eb('next_escalation_at', '<=', now)]),
            eb.and([eb('status', '=', 'snoozed'), eb('snoozed_until', '<=', now)]),
          ]),
        )
        .limit(500)
        .execute();
      let escalated = 0;
      let woken = 0;
      for (const row of dueRows) {
        const alert = alertFromRow(row);
        await serialized(`${alert.workspaceId}|${alert.dedupKey}`, async () => {
          const fresh = await load(alert.workspaceId, alert.id);
          const settings = await deps.settings.alertSettings(fresh.workspaceId);
          try {
            if (isEscalationDue(fresh, now)) {
              const next = escalateUnacknowledged(fresh, now, settings);
              await save(fresh, next, escalationActor, 'alert.unacknowledged');
              notify(next, 'unacknowledged', next.escalationLevel);
              escalated++;
            } else if (isSnoozeOver(fresh, now)) {
              const next = wake(fresh, now, settings);
              await save(fresh, next, escalationActor, 'alert.snooze_ended');
              notify(next, 'snooze_ended', 0);
              woken++;
            }
          } catch (error) {
            // Another process handled it first (version conflict): nothing to do.
            if ((error as { code?: string }).code !== 'conflict') throw error;
          }
        });
      }
      return { escalated, woken };
    },

    /** Runs `tick` every `intervalMs`; returns the stopper. */
    start(intervalMs = 15_000): () => Promise<void> {
      let running: Promise<unknown> = Promise.resolve();
      const timer = setInterval(() => {
        running = running
          .then(() => service.tick())
          .catch((error) => deps.log?.error({ err: error }, 'alert tick failed'));
      }, intervalMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await running;
        await service.drain();
      };
    },

    /** Sends a test message to one channel now and returns the delivery report (with its attempts). */
    async testChannel(actor: Actor, workspaceId: string, channelId: string): Promise<DeliveryReport> {
      const channel = await deps.channels.find(workspaceId, channelId);
      const [entry] = await deps.channels.targets(workspaceId, [channelId]);
      if (!entry) throw errors.conflict(`The channel "${channel.name}" is disabled; enable it to test it.`);
      const now = clock.now();
      const messageId = newId('tst');
      const report = await deps.notifiers.sendTo(entry.target, {
        id: messageId,
        workspaceId,
        title: `Test: Firebreak can reach "${channel.name}"`,
        body: `Sent by ${actor.label}. If you read this, alerts routed to this channel will arrive here.`,
        severity: 1,
        url: deps.publicUrl,
      });
      await recordDelivery(workspaceId, null, channelId, entry.target.channel, messageId, 'test', report);
      await recordAudit(db, actor, now, {
        workspaceId,
        action: 'notification_channel.test',
        subjectType: 'notification_channel',
        subjectId: channelId,
        after: { ok: report.ok, attempts: report.attempts, error: report.error },
      });
      return report;
    },

    /** Resolves when every notification started so far has finished (tests, shutdown). */
    async drain(): Promise<void> {
      while (inflight.size) await Promise.all([...inflight]);
    },
  };
  return service;
}

const pastTense = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  snooze: 'snoozed',
  escalate: 'escalated',
} as const;
