/**
 * What a detector reports before the watch turns it into a Signal: its type, score and window, the
 * evidence only it knows, and the hints the severity needs. Also seed 004's crisis taxonomy by problem.
 */
import type { CrisisType, SignalType } from '../domain/entities.ts';

export interface Finding {
  type: SignalType;
  /** In [0, 1). */
  score: number;
  windowStart: number;
  windowEnd: number;
  /** Distinguishes two findings of one detector in one scope (e.g. a story id); part of the signal id. */
  key: string;
  evidence: Record<string, unknown>;
  /** The reported problem (enrichment category id), when the detector knows it. */
  problem?: string;
  crisisType?: CrisisType;
  /** Detector-level severity hints, merged with the scope's context by severity.ts. */
  hints?: { reach?: boolean; spread?: number; coordinated?: boolean; negativeShare?: number };
}

/** Seed 004's taxonomy from the problem the mentions report (enrichment categories). */
export const crisisTypeOfCategory: Record<string, CrisisType> = {
  data_breach: 'external_force',
  impersonation: 'external_force',
  offensive_post: 'self_inflicted',
  misconduct: 'self_inflicted',
  product_defect: 'technical_error',
  service_failure: 'technical_error',
  delivery_outage: 'technical_error',
  billing_pricing: 'technical_error',
  disinformation: 'disinformation_attack',
  // A boycott is people's reaction, not its cause (an offensive ad, a breach, a rumour): it says how angry,
  // not which kind of crisis. Another category of the storm, or coordination, gives the type.
  boycott: 'unknown',
};

export const problemCategories: ReadonlySet<string> = new Set(Object.keys(crisisTypeOfCategory));

/** Problems that make any storm worse: people's data or safety. */
export const graveCategories: ReadonlySet<string> = new Set(['data_breach', 'product_defect']);

/**
 * Orders a storm's problem categories for its `problem`: grave ones first (people's data, safety), then
 * those that name a cause (a type), then by count.
 */
export function byCause(a: [string, number], b: [string, number]): number {
  const rank = (id: string) =>
    (graveCategories.has(id) ? 2 : 0) +
    (crisisTypeOfCategory[id] && crisisTypeOfCategory[id] !== 'unknown' ? 1 : 0);
  return rank(b[0]) - rank(a[0]) || b[1] - a[1];
}

/** Maps [0, ∞) surprise (−log10 p) to a [0, 1) score; `half` maps to 0.5. */
export function scoreOf(surprise: number, half = 6): number {
  return surprise > 0 ? surprise / (surprise + half) : 0;
}
