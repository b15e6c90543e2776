/**
 * What the detectors remember about each story (the enrichment stage's clusters: a post, its reposts and
 * replies, near-duplicate texts, shared links): member times and audiences, the source types it reached
 * and when, its negative share, its biggest authors. Bounded: the least recently active stories are
 * forgotten past a cap, and a story keeps at most `maxEvents` member times (later members still count).
 */
import { BoundedMap } from '../domain/bounded-map.ts';
import type { Mention } from '../domain/mention.ts';
import type { StoryEvent } from './seismic.ts';

export interface StoryAuthor {
  handle: string;
  source: string;
  followers: number;
  reach: number;
  negative: boolean;
  role?: string;
}

export interface StoryState {
  workspaceId: string;
  storyId: string;
  firstAt: number;
  lastAt: number;
  size: number;
  negative: number;
  /** Members with each enrichment category. */
  categories: Map<string, number>;
  /** Each source type and when the story first reached it. */
  sources: Map<string, number>;
  events: StoryEvent[];
  /** Members per source in time order, for "recent" counts (parallel to events). */
  eventSources: string[];
  top: StoryAuthor[];
  text: string;
  /** Per-detector memory of what was already reported for this story. */
  reported: Map<string, number>;
}

export interface StoryBookOptions {
  maxStories: number;
  maxEvents: number;
}

export const storyBookDefaults: StoryBookOptions = { maxStories: 50_000, maxEvents: 5_000 };

export function followersOf(m: Mention): number {
  const f = m.author?.followers;
  return typeof f === 'number' && Number.isFinite(f) && f > 0 ? Math.min(f, 1e9) : 0;
}

export class StoryBook {
  private readonly o: StoryBookOptions;
  /** Bounded, forgetting by second chance: a story still growing outlives the one-off posts. */
  private readonly stories: BoundedMap<string, StoryState>;

  constructor(options: Partial<StoryBookOptions> = {}) {
    this.o = { ...storyBookDefaults, ...options };
    this.stories = new BoundedMap(this.o.maxStories);
  }

  get size(): number {
    return this.stories.size;
  }

  get(workspaceId: string, storyId: string): StoryState | undefined {
    return this.stories.peek(`${workspaceId}\u0000${storyId}`);
  }

  /** Adds the mention to its story (undefined when the mention has none) and returns the story. */
  add(m: Mention, t: number, negative: boolean, role?: string): StoryState | undefined {
    if (!m.storyId) return undefined;
    const key = `${m.workspaceId}\u0000${m.storyId}`;
    let s = this.stories.get(key);
    if (!s) {
      s = {
        workspaceId: m.workspaceId,
        storyId: m.storyId,
        firstAt: t,
        lastAt: t,
        size: 0,
        negative: 0,
        categories: new Map(),
        sources: new Map(),
        events: [],
        eventSources: [],
        top: [],
        text: typeof m.text === 'string' ? m.text.slice(0, 280) : '',
        reported: new Map(),
      };
      this.stories.set(key, s);
    }
    s.size++;
    s.lastAt = Math.max(s.lastAt, t);
    if (negative) s.negative++;
    for (const c of m.categories ?? []) s.categories.set(c.id, (s.categories.get(c.id) ?? 0) + 1);
    if (!s.sources.has(m.source)) s.sources.set(m.source, t);
    const followers = followersOf(m);
    if (s.events.length < this.o.maxEvents) {
      s.events.push({ at: t, followers });
      s.eventSources.push(m.source);
    }
    const reach = m.reach ?? followers;
    const handle = m.author?.handle;
    if (
      handle &&
      (s.top.length < 5 || reach > s.top.at(-1)!.reach) &&
      !s.top.some((a) => a.handle === handle)
    ) {
      s.top.push({ handle, source: m.source, followers, reach, negative, ...(role ? { role } : {}) });
      s.top.sort((a, b) => b.reach - a.reach);
      s.top.length = Math.min(s.top.length, 5);
    }
    return s;
  }

  /** Members in (t − fromMs, t − toMs], counted back from the newest kept event. */
  static countBetween(s: StoryState, t: number, fromMs: number, toMs = 0): number {
    let n = 0;
    for (let i = s.events.length - 1; i >= 0; i--) {
      const at = s.events[i]!.at;
      if (at <= t - fromMs) break;
      if (at <= t - toMs) n++;
    }
    return n;
  }

  /** Distinct source types among the members of the last `windowMs`, with their counts. */
  static recentSources(s: StoryState, t: number, windowMs: number): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = s.events.length - 1; i >= 0; i--) {
      if (s.events[i]!.at <= t - windowMs) break;
      const src = s.eventSources[i]!;
      out.set(src, (out.get(src) ?? 0) + 1);
    }
    return out;
  }

  static negativeShare(s: StoryState): number {
    return s.size ? s.negative / s.size : 0;
  }

  /** The story's most reported problem category and its member count. */
  static problem(s: StoryState, problems: ReadonlySet<string>): string | undefined {
    let best: string | undefined;
    let n = 0;
    for (const [id, c] of s.categories) if (problems.has(id) && c > n) [best, n] = [id, c];
    return best && n >= Math.max(1, s.size * 0.2) ? best : undefined;
  }

  /** Compact evidence for a signal. */
  static summary(s: StoryState): Record<string, unknown> {
    return {
      storyId: s.storyId,
      size: s.size,
      firstAt: s.firstAt,
      negativeShare: Math.round(StoryBook.negativeShare(s) * 100) / 100,
      sources: Object.fromEntries(s.sources),
      text: s.text,
      topAuthors: s.top,
    };
  }
}
