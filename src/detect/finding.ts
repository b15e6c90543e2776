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
  boycott: 'disinformation_attack',
};

export const problemCategories: ReadonlySet<string> = new Set(Object.keys(crisisTypeOfCategory));

/** Problems that make any storm worse: people's data or safety. */
export const graveCategories: ReadonlySet<string> = new Set(['data_breach', 'product_defect']);

/** Maps [0, ∞) surprise (−log10 p) to a [0, 1) score; `half` maps to 0.5. */
export function scoreOf(surprise: number, half = 6): number {
  return surprise > 0 ? surprise / (surprise + half) : 0;
}
