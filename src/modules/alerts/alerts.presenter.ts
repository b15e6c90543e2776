/** API shapes: never database rows. An AlertView is the shared Alert (domain/entities.ts) plus lifecycle detail. */
import type { Alert } from '../../domain/entities.ts';
import type { AlertState } from './alerts.model.ts';
import type { NotificationDeliveriesTable } from './alerts.queries.ts';

export interface AlertView extends Alert {
  topicId: string | null;
  signalTypes: AlertState['signalTypes'];
  signalCount: number;
  suppressedCount: number;
  evidence: AlertState['evidence'];
  suggestedCrisisType: AlertState['suggestedCrisisType'];
  firstSignalAt: number;
  lastSignalAt: number;
  escalationLevel: number;
  nextEscalationAt: number | null;
  snoozedUntil: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  version: number;
}

export function presentAlert(a: AlertState): AlertView {
  return {
    id: a.id,
    workspaceId: a.workspaceId,
    brandId: a.brandId,
    topicId: a.topicId,
    severity: a.severity,
    status: a.status,
    title: a.title,
    signalIds: a.signalIds,
    signalTypes: a.signalTypes,
    signalCount: a.signalCount,
    suppressedCount: a.suppressedCount,
    evidence: a.evidence,
    suggestedCrisisType: a.suggestedCrisisType,
    crisisId: a.crisisId,
    firstSignalAt: a.firstSignalAt,
    lastSignalAt: a.lastSignalAt,
    escalationLevel: a.escalationLevel,
    nextEscalationAt: a.nextEscalationAt,
    snoozedUntil: a.snoozedUntil,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    resolvedAt: a.resolvedAt,
    resolvedBy: a.resolvedBy,
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export interface DeliveryView {
  id: string;
  alertId: string | null;
  channelId: string | null;
  channel: string;
  messageId: string;
  reason: string;
  attempt: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
  at: number;
}

export function presentDelivery(r: NotificationDeliveriesTable): DeliveryView {
  return {
    id: r.id,
    alertId: r.alert_id,
    channelId: r.channel_id,
    channel: r.channel,
    messageId: r.message_id,
    reason: r.reason,
    attempt: Number(r.attempt),
    ok: Number(r.ok) === 1,
    status: r.status === null ? null : Number(r.status),
    error: r.error,
    durationMs: Number(r.duration_ms),
    at: Number(r.at),
  };
}
