/** The alerts module's tables (declaration merging into the store schema) and row ↔ state mapping. */
import type { AlertStatus, CrisisType, Severity, SignalType } from '../../domain/entities.ts';
import type { AlertState } from './alerts.model.ts';

export interface AlertsTable {
  id: string;
  workspace_id: string;
  brand_id: string | null;
  topic_id: string | null;
  dedup_key: string;
  severity: number;
  status: string;
  title: string;
  signal_types: string;
  signal_ids: string;
  signal_count: number;
  suppressed_count: number;
  evidence: string;
  suggested_crisis_type: string | null;
  crisis_id: string | null;
  first_signal_at: number;
  last_signal_at: number;
  notified_severity: number;
  escalation_level: number;
  next_escalation_at: number | null;
  snoozed_until: number | null;
  snoozed_severity: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface NotificationChannelsTable {
  id: string;
  workspace_id: string;
  name: string;
  channel: string;
  address: string;
  secret_sealed: string | null;
  enabled: number;
  consecutive_failures: number;
  last_delivery_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface RoutingRulesTable {
  id: string;
  workspace_id: string;
  name: string;
  definition: string;
  enabled: number;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface NotificationDeliveriesTable {
  id: string;
  workspace_id: string;
  alert_id: string | null;
  channel_id: string | null;
  channel: string;
  message_id: string;
  reason: string;
  attempt: number;
  ok: number;
  status: number | null;
  error: string | null;
  duration_ms: number;
  at: number;
}

export interface AlertSettingsTable {
  workspace_id: string;
  settings: string;
  updated_at: number;
}

export interface DetectorSettingsTable {
  workspace_id: string;
  brand_id: string;
  settings: string;
  updated_at: number;
}

declare module '../../store/schema.ts' {
  interface Database {
    alerts: AlertsTable;
    notification_channels: NotificationChannelsTable;
    routing_rules: RoutingRulesTable;
    notification_deliveries: NotificationDeliveriesTable;
    alert_settings: AlertSettingsTable;
    detector_settings: DetectorSettingsTable;
  }
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

export function alertFromRow(r: AlertsTable): AlertState {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    brandId: r.brand_id,
    topicId: r.topic_id,
    dedupKey: r.dedup_key,
    severity: Number(r.severity) as Severity,
    status: r.status as AlertStatus,
    title: r.title,
    signalTypes: JSON.parse(r.signal_types) as SignalType[],
    signalIds: JSON.parse(r.signal_ids) as string[],
    signalCount: Number(r.signal_count),
    suppressedCount: Number(r.suppressed_count),
    evidence: JSON.parse(r.evidence),
    suggestedCrisisType: r.suggested_crisis_type as CrisisType | null,
    crisisId: r.crisis_id,
    firstSignalAt: Number(r.first_signal_at),
    lastSignalAt: Number(r.last_signal_at),
    notifiedSeverity: Number(r.notified_severity),
    escalationLevel: Number(r.escalation_level),
    nextEscalationAt: num(r.next_escalation_at),
    snoozedUntil: num(r.snoozed_until),
    snoozedSeverity: num(r.snoozed_severity),
    acknowledgedAt: num(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: num(r.resolved_at),
    resolvedBy: r.resolved_by,
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function alertToRow(a: AlertState): AlertsTable {
  return {
    id: a.id,
    workspace_id: a.workspaceId,
    brand_id: a.brandId,
    topic_id: a.topicId,
    dedup_key: a.dedupKey,
    severity: a.severity,
    status: a.status,
    title: a.title,
    signal_types: JSON.stringify(a.signalTypes),
    signal_ids: JSON.stringify(a.signalIds),
    signal_count: a.signalCount,
    suppressed_count: a.suppressedCount,
    evidence: JSON.stringify(a.evidence),
    suggested_crisis_type: a.suggestedCrisisType,
    crisis_id: a.crisisId,
    first_signal_at: a.firstSignalAt,
    last_signal_at: a.lastSignalAt,
    notified_severity: a.notifiedSeverity,
    escalation_level: a.escalationLevel,
    next_escalation_at: a.nextEscalationAt,
    snoozed_until: a.snoozedUntil,
    snoozed_severity: a.snoozedSeverity,
    acknowledged_at: a.acknowledgedAt,
    acknowledged_by: a.acknowledgedBy,
    resolved_at: a.resolvedAt,
    resolved_by: a.resolvedBy,
    version: a.version,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}
