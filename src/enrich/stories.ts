/**
 * Story clustering: a mention joins the story of its parent post (replies, quotes), of a shared link,
 * or of a near-duplicate text (16-value MinHash over word bigrams, or character 3-grams for Han
 * script, found through 8 LSH bands of 2 values and accepted at estimated Jaccard >= 0.4). Every index is an
 * LRU map with a size cap and a time window, so memory stays bounded on an endless stream.
 * A story keeps the id given when it was first seen (stable); its origin is the earliest member.
 */
import { BoundedMap } from '../domain/bounded-map.ts';
import type { Mention } from '../domain/mention.ts';
import { extractUrls, maskedOf, type PreparedText, prepare } from './text.ts';

export interface Story {
  id: string;
  originKey: string;
  originAt: number;
  size: number;
  bySource: Record<string, number>;
  lastAt: number;
}

export interface StoryOptions {
  /** Entries per index before the least recently used is dropped. */
  maxEntries?: number;
  /** Mentions older than this (relative to the newest seen) no longer join a story by text or link. */
  windowMs?: number;
  /** Estimated Jaccard similarity of word bigrams above which two texts are one story. */
  minSimilarity?: number;
}

const HAN = /\p{Script=Han}/u;
const MIN_FEATURES = 5;

function fnv(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

const K = 16;
const BANDS = 8;
const SEEDS = Array.from({ length: K }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** BMP word characters ([\p{L}\p{M}\p{N}_]) and Han characters, as flags: one lookup per code unit. */
const WORD_CHAR = 1;
const HAN_CHAR = 2;
const CHAR_CLASS = (() => {
  const t = new Uint8Array(0x10000);
  const word = /[\p{L}\p{M}\p{N}_]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (word.test(ch)) t[c] = WORD_CHAR | (HAN.test(ch) ? HAN_CHAR : 0);
  }
  return t;
})();
const ASTRAL_WORD = /^[\p{L}\p{M}\p{N}]/u;
/** The first 240 shingles (in text order, repeats included) stand for a long text. */
const MAX_RAW = 240;
// Reused per call (enrichment is synchronous): raw feature hashes, sorted to count the distinct ones.
const featBuf = new Uint32Array(MAX_RAW);

function isAstralWord(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && ASTRAL_WORD.test(s.slice(i, i + 2));
}

function fnvRange(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

/**
 * MinHash signature (16 values) of the normalised text: word bigrams, or character 3-grams for Han
 * script; undefined when the text is too short to compare safely ("thanks!" is not a story).
 * One pass over the shared lower-cased text with a character table; no token strings are built.
 */
export function minhash(text: string | PreparedText): Uint32Array | undefined {
  const s = typeof text === 'string' ? maskedOf(text).toLowerCase() : text.lower;
  const len = s.length;
  let n = 0;
  let prev = 0;
  let first = true;
  let i = 0;
  while (i < len && n < MAX_RAW) {
    if (CHAR_CLASS[s.charCodeAt(i)] === 0 && !isAstralWord(s, i)) {
      i++;
      continue;
    }
    const start = i;
    let han = false;
    while (i < len) {
      const cls = CHAR_CLASS[s.charCodeAt(i)];
      if (cls !== 0) {
        if (cls & HAN_CHAR) han = true;
        i++;
      } else if (isAstralWord(s, i)) {
        if (HAN.test(s.slice(i, i + 2))) han = true;
        i += 2;
      } else break;
    }
    const end = i;
    // A leading "rt" is a retweet mark, not content.
    if (first && end - start === 2 && s.charCodeAt(start) === 114 && s.charCodeAt(start + 1) === 116) {
      first = false;
      continue;
    }
    first = false;
    if (han) {
      for (let k = start; k + 3 <= end && n < MAX_RAW; k++) featBuf[n++] = fnvRange(s, k, k + 3);
      if (end - start < 3 && n < MAX_RAW) featBuf[n++] = fnvRange(s, start, end);
      prev = 0;
    } else {
      const h = fnvRange(s, start, end);
      featBuf[n++] = prev !== 0 ? mix32(Math.imul(prev, 0x9e3779b1) ^ h) : h;
      prev = h | 1;
    }
  }
  if (n < MIN_FEATURES) return undefined;
  const feats = featBuf.subarray(0, n).sort();
  let distinct = 0;
  for (let k = 0; k < n; k++) if (k === 0 || feats[k] !== feats[k - 1]) feats[distinct++] = feats[k];
  if (distinct < MIN_FEATURES) return undefined;
  const sig = new Uint32Array(K).fill(0xffffffff);
  for (let k = 0; k < distinct; k++) {
    const f = feats[k];
    for (let j = 0; j < K; j++) {
      const h = mix32(f ^ SEEDS[j]);
      if (h < sig[j]) sig[j] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < K; i++) if (a[i] === b[i]) same++;
  return same / K;
}

interface Seen {
  storyId: string;
  sig?: Uint32Array;
  at: number;
}

export class StoryTracker {
  private readonly stories: BoundedMap<string, Story>;
  private readonly threads: BoundedMap<string, Seen>;
  private readonly urls: BoundedMap<string, Seen>;
  private readonly bands: BoundedMap<number, Seen>;
  private readonly windowMs: number;
  private readonly minSimilarity: number;
  private newest = 0;
  private readonly bandKeys = new Uint32Array(BANDS);

  constructor(options: StoryOptions = {}) {
    const max = options.maxEntries ?? 200_000;
    this.stories = new BoundedMap(max);
    this.threads = new BoundedMap(max);
    this.urls = new BoundedMap(max);
    this.bands = new BoundedMap(max * 4);
    this.windowMs = options.windowMs ?? 3 * 24 * 3600_000;
    this.minSimilarity = options.minSimilarity ?? 0.4;
  }

  get size(): number {
    return this.stories.size;
  }

  story(id: string): Story | undefined {
    return this.stories.get(id);
  }

  /** Puts the mention in a story (existing or new) and returns it. Never throws on odd fields. */
  assign(m: Mention, prepared?: PreparedText): Story {
    return this.place(m, prepared);
  }

  /**
   * Indexes a mention already stored with `storyId` (by an earlier run of this process, or by another
   * process), so that what follows joins that story. A mention this tracker already holds is skipped
   * before its text is prepared; the text is prepared as the enrich stage prepares it, so its signature
   * is the one new mentions are compared with.
   */
  remember(m: Mention, storyId: string): void {
    if (this.threads.peek(`${m.source}:${m.externalId}`)?.storyId === storyId) return;
    this.place(m, prepare(m.text), storyId);
  }

  private place(m: Mention, prepared: PreparedText | undefined, knownStoryId?: string): Story {
    const at = typeof m.createdAt === 'number' && Number.isFinite(m.createdAt) ? m.createdAt : this.newest;
    if (at > this.newest) this.newest = at;
    const fresh = (s: Seen | undefined) => s !== undefined && this.newest - s.at <= this.windowMs;
    const key = `${m.source}:${m.externalId}`;
    const text = typeof m.text === 'string' ? m.text : '';
    let found: string | undefined = knownStoryId;
    // Replies and quotes follow their parent whatever their age: a thread is one story.
    if (!found && typeof m.parentId === 'string' && m.parentId)
      found = this.threads.peek(`${m.source}:${m.parentId}`)?.storyId;
    const links = extractUrls(prepared ?? text).filter((u) => {
      const path = u.replace(/^[a-z]+:\/\/[^/]+/i, '');
      return path.length > 1;
    });
    if (!found) {
      for (const u of links) {
        const s = this.urls.peek(u);
        if (fresh(s)) {
          found = s?.storyId;
          break;
        }
      }
    }
    const sig = minhash(prepared ?? text);
    // Numeric band keys (a collision only costs one similarity check, which rejects it).
    const bandKeys = this.bandKeys;
    if (sig) for (let i = 0; i < BANDS; i++) bandKeys[i] = mix32(sig[2 * i] ^ mix32(sig[2 * i + 1] + i));
    if (!found && sig) {
      for (let i = 0; i < BANDS; i++) {
        const s = this.bands.peek(bandKeys[i]);
        if (s?.sig && fresh(s) && similarity(sig, s.sig) >= this.minSimilarity) {
          found = s.storyId;
          break;
        }
      }
    }
    let story = found ? this.stories.get(found) : undefined;
    if (!story) {
      story = {
        id: found ?? `st_${fnv(key, 0x811c9dc5).toString(36)}${fnv(key, 0x9747b28c).toString(36)}`,
        originKey: key,
        originAt: at,
        size: 0,
        bySource: {},
        lastAt: at,
      };
    }
    story.size++;
    story.bySource[m.source] = (story.bySource[m.source] ?? 0) + 1;
    if (at < story.originAt) {
      story.originAt = at;
      story.originKey = key;
    }
    if (at > story.lastAt) story.lastAt = at;
    this.stories.set(story.id, story);
    const seen: Seen = { storyId: story.id, at };
    this.threads.set(key, seen);
    for (const u of links) this.urls.set(u, seen);
    if (sig) {
      const band: Seen = { storyId: story.id, sig, at };
      for (let i = 0; i < BANDS; i++) this.bands.set(bandKeys[i], band);
    }
    return story;
  }
}
