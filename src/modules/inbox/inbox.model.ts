/**
 * The inbox's rules, free of I/O: which mentions need an answer, how urgent each one is, which status
 * changes are allowed, and the coverage figures.
 *
 * Priority = reach × negativity × 2^(−age / half-life). Its logarithm is
 * log2(reach × negativity) + createdAt / half-life − now / half-life, and the last term is the same
 * for every item at a given moment, so the stored `rank` (the first two terms) orders the queue by
 * priority at any time: the queue is an index scan, never a re-scoring of 100,000 items.
 */
import { z } from 'zod';
import type { Mention, Sentiment } from '../../domain/mention.ts';

export const inboxStatuses = ['new', 'assigned', 'replied', 'escalated', 'no_reply_needed'] as const;
export type InboxStatus = (typeof inboxStatuses)[number];
/** Still waiting for an answer. */
export const openStatuses: readonly InboxStatus[] = ['new', 'assigned', 'escalated'];

/** Why an item may be closed without a reply. "Never delete, never ignore": one of these, always. */
export const closeReasons = [
  'spam_or_bot',
  'duplicate',
  'not_about_us',
  'answered_elsewhere',
  'legal_hold',
  'other',
] as const;
export type CloseReason = (typeof closeReasons)[number];

export const replyChannels = ['public_reply', 'direct_message', 'email', 'phone', 'other'] as const;

export const HALF_LIFE_MS = 2 * 3_600_000;
/** Keeps rank values small (precision) without changing their order. */
const RANK_EPOCH = Date.UTC(2020, 0, 1);

/** How negative the sentiment model reads a mention, in (0, 1]. */
function modelNegativity(sentiment: Sentiment | undefined): number {
  if (!sentiment) return 0.3;
  if (sentiment.label === 'negative') return Math.max(0.2, Math.min(1, -sentiment.score));
  if (sentiment.label === 'neutral') return 0.1;
  return 0.02;
}

/**
 * How negative a mention reads, in (0, 1]; positive and neutral mentions still rank, far below. A
 * complaint the category rules recognised ranks as at least half negative whatever the sentiment model
 * read ("Скандал! … допустила утечку паспортов" can read neutral to it).
 */
export function negativity(sentiment: Sentiment | undefined, complaint = false): number {
  const read = modelNegativity(sentiment);
  return complaint ? Math.max(read, 0.5) : read;
}

export function weightOf(
  reach: number | undefined,
  sentiment: Sentiment | undefined,
  complaint = false,
): number {
  return Math.max(1, reach ?? 1) * negativity(sentiment, complaint);
}

/** A complaint found by the category rules (words or phrases), not only inferred from the sentiment. */
export function isRuleComplaint(categories: Mention['categories']): boolean {
  return (categories ?? []).some(
    (c) => c.id === 'complaint' && c.evidence.some((e) => !e.startsWith('model:')),
  );
}

export function rankOf(weight: number, createdAt: number): number {
  return Math.log2(Math.max(weight, 1e-6)) + (createdAt - RANK_EPOCH) / HALF_LIFE_MS;
}

/**
 * The rank an item enters with. A mention's time is the author's claim: one dated in the future would
 * outrank everything for as long as it liked, so it counts as posted when it entered at the latest.
 */
export function entryRank(weight: number, createdAt: number, enteredAt: number): number {
  return rankOf(weight, Math.min(createdAt, enteredAt));
}

/** The priority the rank stands for, at `now`: reach × negativity × recency decay. */
export function priorityAt(rank: number, now: number): number {
  return 2 ** (rank - (now - RANK_EPOCH) / HALF_LIFE_MS);
}

/**
 * A mention enters the inbox in normal times when it is about one of our brands and negative, or a
 * complaint by the category rules (the sentiment model misses some: a complaint is never left out).
 */
export function needsAnswer(m: Mention): boolean {
  return (
    (m.brandIds?.length ?? 0) > 0 && (m.sentiment?.label === 'negative' || isRuleComplaint(m.categories))
  );
}

type Action = 'assign' | 'reply' | 'escalate' | 'close';

/** From which statuses each action may start. A reply is always possible: nobody is ever refused one. */
const allowedFrom: Record<Action, readonly InboxStatus[]> = {
  assign: ['new', 'assigned', 'escalated', 'no_reply_needed'],
  reply: inboxStatuses,
  escalate: ['new', 'assigned'],
  close: ['new', 'assigned', 'escalated'],
};

export function canDo(action: Action, from: InboxStatus): boolean {
  return allowedFrom[action].includes(from);
}

export function allowedActions(from: InboxStatus): Action[] {
  return (Object.keys(allowedFrom) as Action[]).filter((a) => canDo(a, from));
}

export interface Coverage {
  /** Items in scope. */
  total: number;
  replied: number;
  /** Closed with a reason, no reply. */
  closedWithReason: number;
  /** Still waiting: new, assigned or escalated. */
  open: number;
  /** replied / total (0 when there is nothing in scope). */
  answeredShare: number;
  /** (replied + closed with a reason) / total. */
  handledShare: number;
  /** Median of (first reply − mention posted), ms; null before the first reply. */
  medianTimeToFirstReplyMs: number | null;
  byReason: Partial<Record<CloseReason, number>>;
}

/** One aggregate row: how many items of a status (and close reason) there are, and how many were replied to. */
export interface CoverageCount {
  status: string;
  closeReason: string | null;
  items: number;
  replied: number;
}

/**
 * Coverage figures from aggregate counts and the reply delays (ms, any order). The counts come from a
 * GROUP BY in the database, so the figures stay live without loading the queue.
 */
export function coverageOf(counts: CoverageCount[], delays: number[]): Coverage {
  let total = 0;
  let replied = 0;
  let closed = 0;
  const byReason: Partial<Record<CloseReason, number>> = {};
  for (const c of counts) {
    total += c.items;
    replied += c.replied;
    if (c.status === 'no_reply_needed') {
      const unanswered = c.items - c.replied;
      closed += unanswered;
      const reason = (c.closeReason ?? 'other') as CloseReason;
      if (unanswered) byReason[reason] = (byReason[reason] ?? 0) + unanswered;
    }
  }
  return {
    total,
    replied,
    closedWithReason: closed,
    open: total - replied - closed,
    answeredShare: total ? replied / total : 0,
    handledShare: total ? (replied + closed) / total : 0,
    medianTimeToFirstReplyMs: median(delays),
    byReason,
  };
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const MAX_REPLY_LENGTH = 10_000;
export const replyInputSchema = z.object({
  text: z.string().trim().min(1, 'a reply needs text').max(MAX_REPLY_LENGTH),
  channel: z.enum(replyChannels).default('public_reply'),
});
export const closeInputSchema = z.object({
  reason: z.enum(closeReasons),
  note: z.string().trim().max(2_000).optional(),
});
