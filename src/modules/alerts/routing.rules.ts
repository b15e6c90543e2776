/**
 * Routing rules as data: which notification channels hear about an alert, by brand, severity, hour of
 * day and weekday in the brand's own time zone, and escalation tier. Pure: the time is an argument.
 */
import { z } from 'zod';
import type { Severity } from '../../domain/entities.ts';

export const routingRuleSchema = z.object({
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean().default(true),
  /** Brands this rule covers; empty = every brand (and alerts without a brand). */
  brandIds: z.array(z.string().min(1).max(64)).max(500).default([]),
  minSeverity: z.number().int().min(1).max(4).default(1),
  /**
   * Local hours [fromHour, toHour) in the brand's time zone; fromHour > toHour wraps midnight
   * (22 → 7 is the night shift). Absent = any hour.
   */
  hours: z
    .object({ fromHour: z.number().int().min(0).max(23), toHour: z.number().int().min(0).max(24) })
    .refine((h) => h.fromHour !== h.toHour, 'fromHour and toHour must differ (leave hours out for all day)')
    .nullable()
    .default(null),
  /** Local weekdays, 0 = Sunday … 6 = Saturday; empty = every day. */
  days: z.array(z.number().int().min(0).max(6)).max(7).default([]),
  /**
   * 0: when an alert opens or gets worse. n ≥ 1: after the n-th acknowledgement timeout (who to wake
   * up when the first line does not answer).
   */
  tier: z.number().int().min(0).max(3).default(0),
  channelIds: z.array(z.string().min(1).max(64)).min(1).max(50),
  position: z.number().int().min(0).max(10_000).default(0),
});
export type RoutingRuleInput = z.input<typeof routingRuleSchema>;
export type RoutingRuleDefinition = z.infer<typeof routingRuleSchema>;

export interface RoutingRule extends RoutingRuleDefinition {
  id: string;
}

export interface RouteQuery {
  brandId: string | null;
  severity: Severity;
  /** Epoch ms of the notification. */
  at: number;
  /** The brand's IANA time zone (UTC for alerts without a brand). */
  timeZone: string;
  tier: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export function localTime(at: number, timeZone: string): { hour: number; weekday: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hour: 'numeric',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  const weekday = weekdays[parts.find((p) => p.type === 'weekday')?.value ?? 'Sun'] ?? 0;
  return { hour, weekday };
}

export function inHours(hour: number, hours: { fromHour: number; toHour: number }): boolean {
  return hours.fromHour < hours.toHour
    ? hour >= hours.fromHour && hour < hours.toHour
    : hour >= hours.fromHour || hour < hours.toHour;
}

export function ruleMatches(rule: RoutingRuleDefinition, q: RouteQuery): boolean {
  if (!rule.enabled || rule.tier !== q.tier || q.severity < rule.minSeverity) return false;
  if (rule.brandIds.length > 0 && (!q.brandId || !rule.brandIds.includes(q.brandId))) return false;
  if (!rule.hours && rule.days.length === 0) return true;
  const local = localTime(q.at, q.timeZone);
  if (rule.hours && !inHours(local.hour, rule.hours)) return false;
  return rule.days.length === 0 || rule.days.includes(local.weekday);
}

/**
 * The channels to notify, each once, in rule order. An escalation tier that no rule covers falls back to
 * the tier-0 rules, so an unacknowledged alert is never escalated into silence.
 */
export function routeChannels(
  rules: RoutingRule[],
  q: RouteQuery,
): { channelIds: string[]; ruleIds: string[] } {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  let matched = ordered.filter((r) => ruleMatches(r, q));
  if (matched.length === 0 && q.tier > 0 && !ordered.some((r) => r.enabled && r.tier === q.tier)) {
    matched = ordered.filter((r) => ruleMatches(r, { ...q, tier: 0 }));
  }
  const channelIds = [...new Set(matched.flatMap((r) => r.channelIds))];
  return { channelIds, ruleIds: matched.map((r) => r.id) };
}
