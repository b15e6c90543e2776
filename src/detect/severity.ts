/**
 * Severity 1–4 from the signals together: how much louder than usual the brand is (volume), how negative
 * (against its own baseline), who is talking (reach), how far it spread (source types), what it is about
 * (a data breach or a safety problem is worse by nature) and whether it is an attack (coordinated).
 * 1 = worth a look, 2 = watch it, 3 = act now, 4 = a crisis in progress (docs/ALERTS.md).
 */
import type { Severity, SignalType } from '../domain/entities.ts';
import { graveCategories } from './finding.ts';

export interface SeverityInput {
  type: SignalType;
  /** Mentions of the last 15 minutes against the brand's usual 15 minutes. */
  volumeRatio: number;
  /** Negative share of the finding (its story, window or bucket) and of the brand's baseline. */
  negativeShare: number;
  baselineNegativeShare: number;
  /** A high-reach or listed author is in it. */
  reach: boolean;
  /** Source types the storm reached. */
  spread: number;
  problem?: string;
  coordinated: boolean;
}

export interface SeverityResult {
  severity: Severity;
  /** Why, for people: e.g. ["volume ×12", "78% negative", "data breach"]. */
  reasons: string[];
}

export function assessSeverity(x: SeverityInput): SeverityResult {
  const reasons: string[] = [];
  const negative = x.negativeShare >= Math.max(0.5, x.baselineNegativeShare + 0.2);
  // A storm of praise or news with no problem in it is worth a look, never a page.
  if (!negative && !x.problem && !x.coordinated && x.negativeShare <= x.baselineNegativeShare + 0.1)
    return { severity: 1, reasons: ['no negative shift'] };
  let points = 0;
  if (x.volumeRatio >= 10) {
    points += 2;
    reasons.push(`volume ×${Math.round(x.volumeRatio)}`);
  } else if (x.volumeRatio >= 3) {
    points += 1;
    reasons.push(`volume ×${Math.round(x.volumeRatio)}`);
  }
  if (negative) {
    points += 1;
    reasons.push(`${Math.round(x.negativeShare * 100)}% negative`);
  }
  if (x.reach) {
    points += 1;
    reasons.push('high-reach author');
  }
  if (x.spread >= 3) {
    points += 1;
    reasons.push(`${x.spread} source types`);
  }
  if (x.problem && graveCategories.has(x.problem)) {
    points += 1;
    reasons.push(x.problem.replace('_', ' '));
  }
  if (x.coordinated) reasons.push('coordinated accounts');
  const level = Math.min(4, Math.max(x.coordinated ? 2 : 1, 1 + points));
  return { severity: level as Severity, reasons };
}
