/**
 * Cross-platform spread: a negative story, active in the last hour, reaches a second and then a third
 * source type (X → Reddit → news). Each level is reported once per story.
 */
import { crisisTypeOfCategory, type Finding, problemCategories } from './finding.ts';
import { StoryBook, type StoryState } from './story-book.ts';

export interface CrossPlatformOptions {
  /** Only members of this window count: a template phrase seen on two sites a day apart is no spread. */
  windowMs: number;
  /** Members in the window … */
  minRecent: number;
  /** … and at least this share of the brand's own mentions in the window (a recurring complaint phrase is
   * a trickle among many; a story that spreads is a large part of what is said). */
  minShareOfBrand: number;
  minNegativeShare: number;
  /** Stories older than this are not news: a complaint phrase that has circulated for days is no spread. */
  maxAgeMs: number;
}

export const crossPlatformDefaults: CrossPlatformOptions = {
  windowMs: 60 * 60_000,
  minRecent: 8,
  minShareOfBrand: 0.15,
  minNegativeShare: 0.3,
  maxAgeMs: 6 * 3_600_000,
};

export function crossPlatformOf(
  s: StoryState,
  t: number,
  brandRecent: number,
  o: CrossPlatformOptions,
  factor = 1,
): Finding | undefined {
  if (s.sources.size < 2 || t - s.firstAt > o.maxAgeMs) return undefined;
  const recent = StoryBook.recentSources(s, t, o.windowMs);
  const reached = recent.size;
  if (reached < 2 || reached <= (s.reported.get('cross_platform') ?? 1)) return undefined;
  let members = 0;
  for (const n of recent.values()) members += n;
  if (members < Math.max(o.minRecent, o.minShareOfBrand * brandRecent) * factor) return undefined;
  const problem = StoryBook.problem(s, problemCategories);
  const negativeShare = StoryBook.negativeShare(s);
  // Without a reported problem, the sentiment model alone must be clearer about it.
  if (problem ? negativeShare < o.minNegativeShare / 2 : negativeShare < Math.max(0.5, o.minNegativeShare))
    return undefined;
  s.reported.set('cross_platform', reached);
  const path = [...s.sources].filter(([src]) => recent.has(src)).sort((a, b) => a[1] - b[1]);
  return {
    type: 'cross_platform',
    score: reached >= 3 ? 0.9 : 0.7,
    windowStart: t - o.windowMs,
    windowEnd: t,
    key: `${s.storyId}:${reached}`,
    problem,
    crisisType: problem ? crisisTypeOfCategory[problem] : undefined,
    hints: { spread: reached, negativeShare },
    evidence: {
      sourceTypes: reached,
      path: path.map(([source, at]) => ({ source, firstAt: at, members: recent.get(source) ?? 0 })),
      story: StoryBook.summary(s),
    },
  };
}
