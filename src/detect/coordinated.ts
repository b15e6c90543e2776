/**
 * Coordinated inauthentic activity: many near-identical posts from new or low-follower accounts in a
 * short window, or the same set of hashtags pushed by such accounts at once — the fingerprint of a bot
 * campaign (seed 004's "competitor attack"). Flagged so that the team does not answer a bot army like a
 * customer: the signal suggests crisis type `disinformation_attack`.
 *
 * Groups, per brand: the story (the enrichment stage's near-duplicate clusters; a normalised-text hash
 * when a mention has none) of original posts (not replies, not "RT"), and the sorted set of 2+ hashtags.
 * A group is coordinated when, within `windowMs`, at least `minAccounts` distinct accounts posted in it
 * and at least `minLowShare` of them are low-follower (< `lowFollowers`) or new (account younger than
 * `newAccountMs`, when the source says so in `raw.authorCreatedAt`). Real crowds repeat a story too, but
 * from accounts of every size; an army is homogeneous.
 */
import type { Mention } from '../domain/mention.ts';
import { type Finding, scoreOf } from './finding.ts';
import { followersOf } from './story-book.ts';

export interface CoordinatedOptions {
  windowMs: number;
  minAccounts: number;
  lowFollowers: number;
  newAccountMs: number;
  minLowShare: number;
  /** A group is reported again only when its account count has doubled, or after this. */
  refractoryMs: number;
  /** Groups tracked per brand. */
  maxGroups: number;
}

export const coordinatedDefaults: CoordinatedOptions = {
  windowMs: 15 * 60_000,
  minAccounts: 10,
  lowFollowers: 30,
  newAccountMs: 30 * 86_400_000,
  minLowShare: 0.8,
  refractoryMs: 60 * 60_000,
  maxGroups: 5_000,
};

interface Post {
  at: number;
  who: string;
  low: boolean;
  isNew: boolean;
  followers: number;
  text: string;
  norm: string;
}

interface Group {
  posts: Post[];
  /** Posts in the window per account and whether the account was counted low-follower or new (by its
   * first post in the window), and how many accounts are (kept incrementally). */
  accounts: Map<string, { posts: number; low: boolean }>;
  low: number;
  reported?: { at: number; accounts: number };
}

const HASHTAG = /#[\p{L}\p{M}\p{N}_]+/gu;

/** Text without links, handles, hashtags, digits, punctuation and case: what a bot template keeps. */
export function normalisedText(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[@#][\p{L}\p{M}\p{N}_.]+/gu, ' ')
    .replace(/[^\p{L}\p{M}]+/gu, ' ')
    .trim();
}

function accountCreatedAt(m: Mention): number | undefined {
  const v = m.raw?.authorCreatedAt ?? m.raw?.author_created_at;
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? t : undefined;
}

export function isOriginal(m: Mention): boolean {
  return !m.parentId && !/^\s*RT\s+@/i.test(typeof m.text === 'string' ? m.text : '');
}

export class Coordinated {
  private readonly o: CoordinatedOptions;
  private readonly groups = new Map<string, Group>();

  constructor(options: Partial<CoordinatedOptions> = {}) {
    this.o = { ...coordinatedDefaults, ...options };
  }

  observe(t: number, m: Mention, factor = 1): Finding | undefined {
    if (!isOriginal(m)) return undefined;
    const text = typeof m.text === 'string' ? m.text : '';
    const norm = normalisedText(text);
    const created = accountCreatedAt(m);
    const followers = followersOf(m);
    const post: Post = {
      at: t,
      who: `${m.source}:${(m.author?.handle ?? m.externalId).toLowerCase()}`,
      low: followers < this.o.lowFollowers,
      isNew: created !== undefined && t - created < this.o.newAccountMs,
      followers,
      text: text.slice(0, 280),
      norm,
    };
    const tags = [...new Set((text.match(HASHTAG) ?? []).map((h) => h.toLowerCase()))].sort();
    const keys = [`s:${m.storyId ?? norm.slice(0, 200)}`];
    if (tags.length >= 2) keys.push(`h:${tags.join(' ')}`);
    let found: Finding | undefined;
    for (const key of keys) {
      const f = this.add(key, post, t, factor, tags);
      if (f && (!found || f.score > found.score)) found = f;
    }
    return found;
  }

  private add(key: string, post: Post, t: number, factor: number, tags: string[]): Finding | undefined {
    const o = this.o;
    let g = this.groups.get(key);
    if (!g) {
      if (this.groups.size >= o.maxGroups) this.prune(t);
      g = { posts: [], accounts: new Map(), low: 0 };
      this.groups.set(key, g);
    }
    let drop = 0;
    while (drop < g.posts.length && g.posts[drop]!.at <= t - o.windowMs) {
      const p = g.posts[drop]!;
      const a = g.accounts.get(p.who)!;
      // An account leaves with the flag it came in with (its follower count may differ between posts).
      if (--a.posts === 0) {
        g.accounts.delete(p.who);
        if (a.low) g.low--;
      }
      drop++;
    }
    if (drop) g.posts.splice(0, drop);
    const seen = g.accounts.get(post.who);
    // An account counts as low/new by its first post in the window.
    if (seen) seen.posts++;
    else {
      const low = post.low || post.isNew;
      if (low) g.low++;
      g.accounts.set(post.who, { posts: 1, low });
    }
    g.posts.push(post);
    const accounts = g.accounts.size;
    if (accounts < o.minAccounts * factor) return undefined;
    const lowShare = g.low / accounts;
    if (lowShare < o.minLowShare) return undefined;
    if (g.reported && t - g.reported.at < o.refractoryMs && accounts < g.reported.accounts * 2)
      return undefined;
    g.reported = { at: t, accounts };
    const first = new Map<string, Post>();
    for (const p of g.posts) if (!first.has(p.who)) first.set(p.who, p);
    const followers = [...first.values()].map((p) => p.followers).sort((x, y) => x - y);
    const fresh = [...first.values()].filter((p) => p.isNew).length;
    const texts = new Map<string, number>();
    for (const p of g.posts) texts.set(p.norm, (texts.get(p.norm) ?? 0) + 1);
    const identical = Math.max(...texts.values()) / g.posts.length;
    const span = t - g.posts[0]!.at;
    return {
      type: 'coordinated',
      // More accounts, more homogeneous, more identical: surer.
      score: scoreOf(accounts * lowShare * (1 + identical), 15),
      windowStart: g.posts[0]!.at,
      windowEnd: t,
      key,
      crisisType: 'disinformation_attack',
      hints: { coordinated: true },
      evidence: {
        coordinated: true,
        groupedBy: key.startsWith('h:') ? 'hashtags' : 'near-identical text',
        accounts,
        posts: g.posts.length,
        lowFollowerShare: Math.round(lowShare * 100) / 100,
        newAccounts: fresh,
        medianFollowers: followers[followers.length >> 1] ?? 0,
        identicalShare: Math.round(identical * 100) / 100,
        spanMinutes: Math.round(span / 6_000) / 10,
        ...(key.startsWith('h:') ? { hashtags: tags } : {}),
        sample: g.posts.at(-1)!.text,
        accountsSample: [...first.keys()].slice(0, 10),
      },
    };
  }

  private prune(t: number): void {
    for (const [key, g] of this.groups)
      if (!g.posts.length || g.posts.at(-1)!.at <= t - this.o.windowMs) this.groups.delete(key);
    if (this.groups.size >= this.o.maxGroups) {
      let i = 0;
      for (const key of this.groups.keys()) if (i++ < this.o.maxGroups / 2) this.groups.delete(key);
    }
  }
}
