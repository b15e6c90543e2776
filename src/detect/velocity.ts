/**
 * Velocity: a story whose members per minute are growing, noticed before its volume is large, with a
 * SEISMIC forecast of its size at +1 h, +6 h and +24 h in the evidence.
 *
 * Test (count-aware): the members of the last `windowMs` (a) against the window before it (b). Under a
 * steady rate each of the a + b members falls in either window with probability ½, so the chance of a
 * split at least this lopsided is the binomial tail P(X ≥ a | a + b, ½): 8 against 0 is p = 0.004,
 * 4 against 0 only 0.06. A story needs `minRecent` members in the window, must be negative (share or
 * a reported problem) — a praise post going viral is not a crisis — and younger than `maxAgeMs`.
 */
import { crisisTypeOfCategory, type Finding, problemCategories, scoreOf } from './finding.ts';
import { forecast, type SeismicOptions, seismicDefaults } from './seismic.ts';
import { binomialUpperTail, surprise } from './stats.ts';
import { StoryBook, type StoryState } from './story-book.ts';

export interface VelocityOptions {
  windowMs: number;
  /** Members in the last window before the test runs. */
  minRecent: number;
  /** −log10 p of the acceleration test to report. */
  minSurprise: number;
  /** Negative share a story needs (or a reported problem). */
  minNegativeShare: number;
  /** A story is reported again only when its recent rate has grown by this factor. */
  regrowth: number;
  /** Stories older than this are not news: a complaint phrase circulating for days has quiet and busy
   * ten minutes by chance, and the test runs at every member (as for cross-platform and influencer). */
  maxAgeMs: number;
  seismic: SeismicOptions;
}

export const velocityDefaults: VelocityOptions = {
  windowMs: 10 * 60_000,
  minRecent: 8,
  minSurprise: 2,
  minNegativeShare: 0.3,
  regrowth: 3,
  maxAgeMs: 6 * 3_600_000,
  seismic: seismicDefaults,
};

export function velocityOf(s: StoryState, t: number, o: VelocityOptions, factor = 1): Finding | undefined {
  if (t - s.firstAt > o.maxAgeMs) return undefined;
  const a = StoryBook.countBetween(s, t, o.windowMs);
  if (a < o.minRecent * factor) return undefined;
  const last = s.reported.get('velocity');
  if (last !== undefined && a < last * o.regrowth) return undefined;
  const problem = StoryBook.problem(s, problemCategories);
  const negativeShare = StoryBook.negativeShare(s);
  // Without a reported problem, the sentiment model alone must be clearer about it.
  if (problem ? negativeShare < o.minNegativeShare / 2 : negativeShare < Math.max(0.5, o.minNegativeShare))
    return undefined;
  const b = StoryBook.countBetween(s, t, 2 * o.windowMs, o.windowMs);
  const sup = surprise(binomialUpperTail(a, a + b, 0.5));
  if (sup < o.minSurprise * factor) return undefined;
  s.reported.set('velocity', a);
  const f = forecast(s.events, t, undefined, o.seismic);
  return {
    type: 'velocity',
    score: scoreOf(sup, 3),
    windowStart: t - o.windowMs,
    windowEnd: t,
    key: s.storyId,
    problem,
    crisisType: problem ? crisisTypeOfCategory[problem] : undefined,
    hints: { negativeShare },
    evidence: {
      perMinute: Math.round((a / (o.windowMs / 60_000)) * 10) / 10,
      previousPerMinute: Math.round((b / (o.windowMs / 60_000)) * 10) / 10,
      accelerationSurprise: Math.round(sup * 10) / 10,
      forecast: {
        model: 'seismic',
        infectiousness: Number(f.infectiousness.toPrecision(3)),
        branching: Math.round(f.branching * 100) / 100,
        // Estimated at or above 1 (a bot story, or one exploding): forecast as near-critical (0.95).
        supercritical: f.supercritical,
        now: f.now,
        in1h: f.at[0]!.size,
        in6h: f.at[1]!.size,
        in24h: f.at[2]!.size,
        final: Number.isFinite(f.final) ? f.final : null,
      },
      story: StoryBook.summary(s),
    },
  };
}
