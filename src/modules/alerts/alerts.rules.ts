/**
 * Alert rules as data and pure functions: the status transition table, the storm/cooldown decision for
 * an incoming signal, merging a signal into an alert, and what the periodic tick must do. Time is an
 * argument; nothing here reads the clock.
 */
import type { AlertStatus, CrisisType, Severity, Signal, SignalType } from '../../domain/entities.ts';
import type { AlertSettings, AlertState, SignalEvidence } from './alerts.model.ts';

export type AlertAction = 'acknowledge' | 'resolve' | 'snooze' | 'escalate' | 'wake';

/** Which action moves which status where. Anything missing is refused with a 409. */
export const transitions: Record<AlertStatus, Partial<Record<AlertAction, AlertStatus>>> = {
  open: { acknowledge: 'acknowledged', resolve: 'resolved', snooze: 'snoozed', escalate: 'escalated' },
  acknowledged: { resolve: 'resolved', snooze: 'snoozed', escalate: 'escalated' },
  snoozed: { acknowledge: 'acknowledged', resolve: 'resolved', escalate: 'escalated', wake: 'open' },
  escalated: { resolve: 'resolved' },
  resolved: {},
};

export function nextStatus(current: AlertStatus, action: AlertAction): AlertStatus | undefined {
  return transitions[current][action];
}

export const activeStatuses: readonly AlertStatus[] = ['open', 'acknowledged', 'snoozed', 'escalated'];

/**
 * One storm is one alert. Signals are grouped by brand (or topic, for brandless topics); a competitor's
 * storm is a separate alert from our own.
 */
export function dedupKey(signal: Pick<Signal, 'brandId' | 'topicId' | 'type'>): string {
  const scope = signal.brandId ? `b:${signal.brandId}` : signal.topicId ? `t:${signal.topicId}` : 'ws';
  return signal.type === 'competitor_spike' ? `${scope}:competitor` : scope;
}

const crisisTypes: readonly CrisisType[] = [
  'self_inflicted',
  'technical_error',
  'disinformation_attack',
  'external_force',
  'unknown',
];

/** Detectors put a 1–4 severity in the evidence; without one, a signal is "worth a look" (2). */
export function signalSeverity(signal: Signal): Severity {
  const s = signal.evidence.severity;
  if (typeof s === 'number' && Number.isFinite(s)) return Math.min(4, Math.max(1, Math.round(s))) as Severity;
  return 2;
}

export function signalCrisisType(signal: Signal): CrisisType | null {
  const t = signal.evidence.crisisType;
  if (typeof t === 'string' && (crisisTypes as readonly string[]).includes(t)) return t as CrisisType;
  // A coordinated campaign is the fingerprint of a disinformation or competitor attack (seed 004).
  return signal.type === 'coordinated' ? 'disinformation_attack' : null;
}

function isCoordinated(signalType: string, evidence: Record<string, unknown>): boolean {
  return signalType === 'coordinated' || evidence.coordinated === true || evidence.detector === 'coordinated';
}

/** A coordinated group this large a part of the brand's mentions is the storm, not a few bots riding it. */
export const dominantCoordinationShare = 0.25;

/**
 * The crisis type the alert's evidence supports best, as signals merge (the first signal of a storm is
 * often its weakest). A coordinated group that is a large part of what the brand hears (its posts are
 * `dominantCoordinationShare` of the brand's mentions of the window, in the evidence) outranks every
 * other hint: a bot army that says "scam" is an attack, not misconduct, however the words read. A few
 * bots riding an organic storm (a real breach, amplified) say nothing of its cause and do not type it.
 * Otherwise the typed evidence with the highest severity (then score) wins — a later, louder signal of
 * the storm knows more than its first crisis word. Only the newest evidence per signal type is kept on
 * the alert, so when none of it carries a type the previous suggestion stays.
 */
export function strongestCrisisType(
  alert: Pick<AlertState, 'evidence' | 'suggestedCrisisType'>,
): CrisisType | null {
  let best: { type: CrisisType; rank: number } | undefined;
  for (const [signalType, e] of Object.entries(alert.evidence)) {
    if (!e) continue;
    let type: CrisisType | null = null;
    let rank = e.severity * 2 + e.score;
    if (isCoordinated(signalType, e.evidence)) {
      const share = e.evidence.shareOfMentions;
      if (typeof share === 'number' && share < dominantCoordinationShare) continue;
      type = 'disinformation_attack';
      rank += 100;
    } else {
      const t = e.evidence.crisisType;
      if (typeof t === 'string' && t !== 'unknown' && (crisisTypes as readonly string[]).includes(t))
        type = t as CrisisType;
    }
    if (!type) continue;
    if (!best || rank > best.rank) best = { type, rank };
  }
  return best?.type ?? alert.suggestedCrisisType;
}

export type SignalDecision =
  | { kind: 'create' }
  | { kind: 'merge'; alert: AlertState }
  | { kind: 'suppress'; alert: AlertState };

/**
 * `latest` is the most recent alert with the signal's de-duplication key. Units: settings in minutes,
 * times in epoch ms (converted once, here).
 */
export function decide(
  latest: AlertState | undefined,
  severity: Severity,
  now: number,
  settings: AlertSettings,
): SignalDecision {
  if (!latest) return { kind: 'create' };
  if (activeStatuses.includes(latest.status)) {
    const gapMs = settings.stormGapMinutes * 60_000;
    return now - latest.lastSignalAt <= gapMs ? { kind: 'merge', alert: latest } : { kind: 'create' };
  }
  const cooldownMs = settings.cooldownMinutes * 60_000;
  const inCooldown = latest.resolvedAt !== null && now - latest.resolvedAt < cooldownMs;
  if (inCooldown && severity <= latest.severity) return { kind: 'suppress', alert: latest };
  return { kind: 'create' };
}

const maxSignalIds = 100;
const maxEvidenceChars = 16_000;

const typeLabels: Record<SignalType, string> = {
  volume_spike: 'Volume spike',
  negative_surge: 'Negative surge',
  velocity: 'Fast-spreading story',
  influencer: 'Influencer joined',
  cross_platform: 'Cross-platform spread',
  emerging_terms: 'Crisis terms',
  coordinated: 'Coordinated activity',
  competitor_spike: 'Competitor spike',
};

export function signalLabel(type: SignalType): string {
  return typeLabels[type];
}

export function alertTitle(types: SignalType[], subject: string): string {
  const labels = types.map(signalLabel);
  const head =
    labels.length > 3 ? `${labels.slice(0, 3).join(', ')} +${labels.length - 3}` : labels.join(', ');
  return `${head} — ${subject}`;
}

/** Detector evidence is bounded: huge payloads are replaced by a note, never truncated into bad JSON. */
export function boundedEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(evidence);
  return text.length <= maxEvidenceChars ? evidence : { note: `evidence omitted: ${text.length} characters` };
}

export function evidenceOf(signal: Signal, severity: Severity, at: number): SignalEvidence {
  return {
    signalId: signal.id,
    score: signal.score,
    windowStart: signal.windowStart,
    windowEnd: signal.windowEnd,
    severity,
    evidence: boundedEvidence(signal.evidence),
    at,
  };
}

export function newAlertState(input: {
  id: string;
  signal: Signal;
  severity: Severity;
  subject: string;
  now: number;
  settings: AlertSettings;
}): AlertState {
  const { signal, severity, now } = input;
  return {
    id: input.id,
    workspaceId: signal.workspaceId,
    brandId: signal.brandId,
    topicId: signal.topicId,
    dedupKey: dedupKey(signal),
    severity,
    status: 'open',
    title: alertTitle([signal.type], input.subject),
    signalTypes: [signal.type],
    signalIds: [signal.id],
    signalCount: 1,
    suppressedCount: 0,
    evidence: { [signal.type]: evidenceOf(signal, severity, now) },
    suggestedCrisisType: signalCrisisType(signal),
    crisisId: null,
    firstSignalAt: now,
    lastSignalAt: now,
    notifiedSeverity: 0,
    escalationLevel: 0,
    nextEscalationAt: escalationDue(severity, now, input.settings),
    snoozedUntil: null,
    snoozedSeverity: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export interface MergeResult {
  next: AlertState;
  /** Tell people again: the storm got worse than what they were told. */
  notify: 'severity_raised' | 'snooze_ended' | null;
}

/**
 * The storm goes on: the alert keeps one identity, takes the worst severity (never lowered: people were
 * told it), the newest evidence per signal type, and the crisis type of its strongest evidence.
 */
export function mergeSignal(
  alert: AlertState,
  signal: Signal,
  severity: Severity,
  subject: string,
  now: number,
  settings: AlertSettings,
): MergeResult {
  const types = alert.signalTypes.includes(signal.type)
    ? alert.signalTypes
    : [...alert.signalTypes, signal.type];
  const worst = Math.max(alert.severity, severity) as Severity;
  const next: AlertState = {
    ...alert,
    severity: worst,
    title: alertTitle(types, subject),
    signalTypes: types,
    signalIds: [...alert.signalIds.filter((id) => id !== signal.id), signal.id].slice(-maxSignalIds),
    signalCount: alert.signalCount + 1,
    evidence: { ...alert.evidence, [signal.type]: evidenceOf(signal, severity, now) },
    suggestedCrisisType: alert.suggestedCrisisType ?? signalCrisisType(signal),
    lastSignalAt: Math.max(alert.lastSignalAt, now),
    version: alert.version + 1,
    updatedAt: now,
  };
  next.suggestedCrisisType = strongestCrisisType(next);
  let notify: MergeResult['notify'] = null;
  if (alert.status === 'snoozed' && worst > (alert.snoozedSeverity ?? alert.severity)) {
    next.status = 'open';
    next.snoozedUntil = null;
    next.snoozedSeverity = null;
    next.nextEscalationAt = escalationDue(worst, now, settings);
    notify = 'snooze_ended';
  } else if ((alert.status === 'open' || alert.status === 'acknowledged') && worst > alert.notifiedSeverity) {
    notify = 'severity_raised';
    // A worse storm restarts the acknowledgement clock at the (shorter) timeout of its new severity.
    if (alert.status === 'open') {
      const due = escalationDue(worst, now, settings);
      next.nextEscalationAt =
        alert.nextEscalationAt === null
          ? due
          : due === null
            ? alert.nextEscalationAt
            : Math.min(alert.nextEscalationAt, due);
    }
  }
  return { next, notify };
}

export function escalationDue(severity: Severity, from: number, settings: AlertSettings): number | null {
  if (settings.maxEscalationLevel === 0) return null;
  const timeout = settings.ackTimeoutMinutes[String(severity) as '1' | '2' | '3' | '4'];
  return timeout === null ? null : from + timeout * 60_000;
}

/** An open alert nobody acknowledged in time reaches the next routing tier. */
export function escalateUnacknowledged(alert: AlertState, now: number, settings: AlertSettings): AlertState {
  const level = alert.escalationLevel + 1;
  return {
    ...alert,
    escalationLevel: level,
    nextEscalationAt:
      level >= settings.maxEscalationLevel ? null : escalationDue(alert.severity, now, settings),
    version: alert.version + 1,
    updatedAt: now,
  };
}

export function isEscalationDue(alert: AlertState, now: number): boolean {
  return alert.status === 'open' && alert.nextEscalationAt !== null && alert.nextEscalationAt <= now;
}

export function isSnoozeOver(alert: AlertState, now: number): boolean {
  return alert.status === 'snoozed' && alert.snoozedUntil !== null && alert.snoozedUntil <= now;
}

/** A person's action, applied to the state; returns undefined when the table refuses it. */
export function applyAction(
  alert: AlertState,
  action: Exclude<AlertAction, 'wake'>,
  input: { actor: string; now: number; snoozeUntil?: number; crisisId?: string | null },
): AlertState | undefined {
  const status = nextStatus(alert.status, action);
  if (!status) return undefined;
  const next: AlertState = { ...alert, status, version: alert.version + 1, updatedAt: input.now };
  switch (action) {
    case 'acknowledge':
      next.acknowledgedAt = input.now;
      next.acknowledgedBy = input.actor;
      next.nextEscalationAt = null;
      next.snoozedUntil = null;
      next.snoozedSeverity = null;
      break;
    case 'resolve':
      next.resolvedAt = input.now;
      next.resolvedBy = input.actor;
      next.nextEscalationAt = null;
      next.snoozedUntil = null;
      break;
    case 'snooze':
      next.snoozedUntil = input.snoozeUntil ?? input.now + 60 * 60_000;
      next.snoozedSeverity = alert.severity;
      next.nextEscalationAt = null;
      break;
    case 'escalate':
      next.crisisId = input.crisisId ?? alert.crisisId;
      next.nextEscalationAt = null;
      next.snoozedUntil = null;
      break;
  }
  return next;
}

/** The snooze is over: back to open, with a fresh acknowledgement clock. */
export function wake(alert: AlertState, now: number, settings: AlertSettings): AlertState {
  return {
    ...alert,
    status: 'open',
    snoozedUntil: null,
    snoozedSeverity: null,
    nextEscalationAt: escalationDue(alert.severity, now, settings),
    version: alert.version + 1,
    updatedAt: now,
  };
}
