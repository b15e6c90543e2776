/**
 * Influencer: a high-reach or listed author (a known journalist, influencer or ambassador — the reach
 * enricher's list) joins a negative story. Reported once per story and author.
 */
import type { Mention } from '../domain/mention.ts';
import { crisisTypeOfCategory, type Finding, problemCategories } from './finding.ts';
import { followersOf, StoryBook, type StoryState } from './story-book.ts';

export interface InfluencerOptions {
  /** Followers from which any author counts as high-reach. */
  minFollowers: number;
  /** Followers from which a verified author counts. */
  minVerifiedFollowers: number;
  /** The story must have this many members (with the newcomer) … */
  minStorySize: number;
  /** … and this negative share, or a reported problem. */
  minNegativeShare: number;
  /** The story must be live: members within this window … */
  recentMs: number;
  minRecent: number;
  /** … and younger than this (a complaint phrase circulating for days is no story to join). */
  maxAgeMs: number;
}

export const influencerDefaults: InfluencerOptions = {
  minFollowers: 50_000,
  minVerifiedFollowers: 10_000,
  minStorySize: 3,
  minNegativeShare: 0.4,
  recentMs: 60 * 60_000,
  minRecent: 3,
  maxAgeMs: 6 * 3_600_000,
};

export function influencerOf(
  s: StoryState,
  m: Mention,
  t: number,
  role: string | undefined,
  o: InfluencerOptions,
  factor = 1,
): Finding | undefined {
  const followers = followersOf(m);
  const big =
    role !== undefined && role !== 'employee'
      ? true
      : followers >= o.minFollowers * factor ||
        (m.author?.verified === true && followers >= o.minVerifiedFollowers * factor);
  if (!big || s.size < o.minStorySize || t - s.firstAt > o.maxAgeMs) return undefined;
  if (StoryBook.countBetween(s, t, o.recentMs) < o.minRecent) return undefined;
  const problem = StoryBook.problem(s, problemCategories);
  const negativeShare = StoryBook.negativeShare(s);
  // Without a reported problem, the sentiment model alone must be clearer about it.
  if (problem ? negativeShare < o.minNegativeShare / 2 : negativeShare < Math.max(0.5, o.minNegativeShare))
    return undefined;
  const handle = m.author?.handle ?? '';
  const seen = `influencer:${m.source}:${handle.toLowerCase()}`;
  if (s.reported.has(seen)) return undefined;
  s.reported.set(seen, t);
  return {
    type: 'influencer',
    score: Math.min(0.99, 0.5 + Math.log10(1 + followers) / 20 + (role ? 0.2 : 0)),
    windowStart: s.firstAt,
    windowEnd: t,
    key: `${s.storyId}:${m.source}:${handle}`,
    problem,
    crisisType: problem ? crisisTypeOfCategory[problem] : undefined,
    hints: { reach: true, negativeShare },
    evidence: {
      author: {
        handle,
        source: m.source,
        followers,
        verified: m.author?.verified === true,
        reach: m.reach ?? followers,
        ...(role ? { role } : {}),
      },
      mention: {
        source: m.source,
        id: m.externalId,
        text: typeof m.text === 'string' ? m.text.slice(0, 280) : '',
      },
      story: StoryBook.summary(s),
    },
  };
}
