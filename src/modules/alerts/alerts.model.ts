/**
 * The alert as the product sees it: an Alert (domain/entities.ts) plus what the lifecycle, de-duplication
 * and escalation need. Pure types and defaults; no I/O.
 */
import { z } from 'zod';
import type { AlertStatus, CrisisType, Severity, SignalType } from '../../domain/entities.ts';

export interface SignalEvidence {
  signalId: string;
  score: number;
  windowStart: number;
  windowEnd: number;
  severity: Severity;
  /** What the detector kept: top stories, authors, terms, chart window… (bounded in size). */
  evidence: Record<string, unknown>;
  at: number;
}

export interface AlertState {
  id: string;
  workspaceId: string;
  brandId: string | null;
  topicId: string | null;
  dedupKey: string;
  severity: Severity;
  status: AlertStatus;
  title: string;
  signalTypes: SignalType[];
  /** The most recent signal ids (bounded). */
  signalIds: string[];
  signalCount: number;
  /** Signals that arrived during the cooldown after resolution and were not raised again. */
  suppressedCount: number;
  /** The latest evidence per signal type. */
  evidence: Partial<Record<SignalType, SignalEvidence>>;
  suggestedCrisisType: CrisisType | null;
  crisisId: string | null;
  firstSignalAt: number;
  lastSignalAt: number;
  /** Highest severity people were told about (re-notify when it rises). */
  notifiedSeverity: number;
  /** 0 until nobody acknowledged in time; then the routing tier reached. */
  escalationLevel: number;
  nextEscalationAt: number | null;
  snoozedUntil: number | null;
  /** Severity when snoozed: a worse storm wakes the alert early. */
  snoozedSeverity: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** Why people are being told now; also the `reason` of each delivery row. */
export type NotifyReason = 'opened' | 'severity_raised' | 'unacknowledged' | 'snooze_ended' | 'test';

const minutes = (max: number) => z.number().int().min(1).max(max);

/** Per-workspace lifecycle policy. Units are in the names. */
export const alertSettingsSchema = z.object({
  /** Minutes an open alert may wait for an acknowledgement before escalating, per severity; null = never. */
  ackTimeoutMinutes: z
    .object({
      '1': minutes(10_080).nullable(),
      '2': minutes(10_080).nullable(),
      '3': minutes(10_080).nullable(),
      '4': minutes(10_080).nullable(),
    })
    .default({ '1': null, '2': 60, '3': 15, '4': 5 }),
  /** Each escalation reaches the next routing tier, up to this many. */
  maxEscalationLevel: z.number().int().min(0).max(3).default(3),
  /** Signals for the same brand further apart than this start a new storm (a new alert). */
  stormGapMinutes: minutes(10_080).default(180),
  /** After resolution, signals this soon are counted on the resolved alert instead of paging again. */
  cooldownMinutes: z.number().int().min(0).max(10_080).default(60),
});
export type AlertSettings = z.infer<typeof alertSettingsSchema>;
export const defaultAlertSettings: AlertSettings = alertSettingsSchema.parse({});

export const sensitivitySchema = z.enum(['low', 'normal', 'high']);
export type Sensitivity = z.infer<typeof sensitivitySchema>;

export const signalTypes = [
  'volume_spike',
  'negative_surge',
  'velocity',
  'influencer',
  'cross_platform',
  'emerging_terms',
  'coordinated',
  'competitor_spike',
] as const satisfies readonly SignalType[];

/** Per-brand detector settings, stored here and read by the detectors. */
export const detectorSettingsSchema = z.object({
  /** `low` = fewer, surer alerts; `high` = earlier alerts, more false alarms. */
  sensitivity: sensitivitySchema.default('normal'),
  /** Signals below this severity are kept as evidence but do not open an alert. */
  minAlertSeverity: z.number().int().min(1).max(4).default(1),
  detectors: z
    .partialRecord(
      z.enum(signalTypes),
      z.object({
        enabled: z.boolean().default(true),
        sensitivity: sensitivitySchema.optional(),
        /** Mentions in a window below which this detector stays silent. */
        minMentions: z.number().int().min(0).max(1_000_000).optional(),
      }),
    )
    .default({}),
  /** Extra crisis terms for the emerging-terms detector, per language code. */
  crisisTerms: z
    .record(z.string().min(2).max(16), z.array(z.string().trim().min(1).max(80)).max(200))
    .default({}),
});
export type DetectorSettings = z.infer<typeof detectorSettingsSchema>;
export const defaultDetectorSettings: DetectorSettings = detectorSettingsSchema.parse({});

/**
 * How sensitivity scales a detector threshold: thresholds are multiplied by this (higher = harder to
 * trigger). Detectors that use tail probabilities can raise their critical value by the same factor.
 */
export const sensitivityFactor: Record<Sensitivity, number> = { low: 1.5, normal: 1, high: 0.7 };

export function effectiveSensitivity(settings: DetectorSettings, type: SignalType): Sensitivity | 'off' {
  const own = settings.detectors[type];
  if (own && own.enabled === false) return 'off';
  return own?.sensitivity ?? settings.sensitivity;
}
