/**
 * Talkwalker documents (PROTOCOLS.md §11.2): the Streaming API's `CT_RESULT` chunks in NDJSON and CSV
 * exports that flatten the same keys with dots. Identity is the document `url`; `published` is epoch ms.
 */
import { InvalidRecord } from '../../domain/record.ts';
import { languageCode, parseCount, parseVendorDate, platformFromUrl } from '../values.ts';
import { lowerSet, type Row } from './row.ts';
import type { CsvFormat } from './types.ts';

/** Reads a dotted path from a nested document or from a flat row whose keys are the dotted paths. */
export type Lookup = (path: string) => unknown;

const rawKeys = ['sentiment', 'reach', 'engagement', 'source_type', 'post_type', 'cluster_id'];

const mappedPaths = [
  'url',
  'title',
  'content',
  'published',
  'lang',
  'parent_url',
  'extra_author_attributes.short_name',
  'extra_author_attributes.name',
  'extra_author_attributes.world_data.country_code',
  'extra_source_attributes.world_data.country_code',
  ...rawKeys,
];

const platformTypes: [RegExp, string][] = [
  [/TWITTER|_X$/, 'x'],
  [/REDDIT/, 'reddit'],
  [/FACEBOOK/, 'facebook'],
  [/INSTAGRAM/, 'instagram'],
  [/YOUTUBE/, 'youtube'],
  [/TIKTOK/, 'tiktok'],
  [/LINKEDIN/, 'linkedin'],
  [/BLUESKY/, 'bluesky'],
  [/THREADS/, 'threads'],
  [/TELEGRAM/, 'telegram'],
  [/VKONTAKTE|_VK$/, 'vk'],
  [/TUMBLR/, 'tumblr'],
];
const genericTypes: [RegExp, string][] = [
  [/^ONLINENEWS|^PRINT|^NEWS/, 'news'],
  [/^BLOG/, 'blog'],
  [/^MESSAGEBOARD|^FORUM/, 'forum'],
  [/^BROADCAST|^TV|^RADIO/, 'broadcast'],
  [/^PODCAST/, 'podcast'],
  [/^REVIEW/, 'review'],
];

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.split(/[\s,;|[\]"]+/).filter(Boolean);
  return [];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function num(v: unknown): number | undefined {
  const n = parseCount(typeof v === 'number' || typeof v === 'string' ? v : undefined);
  return typeof n === 'number' ? n : undefined;
}

function platform(types: string[], url: string): string {
  for (const t of types) for (const [re, name] of platformTypes) if (re.test(t.toUpperCase())) return name;
  const fromUrl = platformFromUrl(url);
  if (fromUrl) return fromUrl;
  for (const t of types) for (const [re, name] of genericTypes) if (re.test(t.toUpperCase())) return name;
  return 'web';
}

/** Sums the per-platform figures of `article_extended_attributes` whose key ends in one of `suffixes`. */
function sumExtended(get: Lookup, keys: string[], suffixes: string[]): number | undefined {
  let total: number | undefined;
  for (const key of keys) {
    if (!suffixes.some((s) => key.endsWith(s))) continue;
    const n = num(get(`article_extended_attributes.${key}`));
    if (n !== undefined) total = (total ?? 0) + n;
  }
  return total;
}

export function talkwalkerRecord(
  get: Lookup,
  extendedKeys: string[],
  extra?: Record<string, unknown>,
): unknown {
  const url = str(get('url'));
  if (!url) return new InvalidRecord('id: the Talkwalker document has no url');
  const createdAt = parseVendorDate(
    typeof get('published') === 'number' ? (get('published') as number) : str(get('published')),
  );
  if (createdAt === undefined)
    return new InvalidRecord('createdAt: the Talkwalker document has no valid published time');
  const types = list(get('source_type'));
  const source = platform(types, url);
  const r: Record<string, unknown> = { source, id: url, url, text: str(get('content')) ?? '', createdAt };
  const title = str(get('title'));
  if (title) r.title = title;
  const name = str(get('extra_author_attributes.name'));
  const handle = str(get('extra_author_attributes.short_name')) ?? name;
  if (handle) {
    const author: Record<string, unknown> = { handle };
    if (name) author.name = name;
    const followers =
      num(get(`article_extended_attributes.${source === 'x' ? 'twitter' : source}_followers`)) ??
      sumExtended(get, extendedKeys, ['_followers']);
    if (followers !== undefined) author.followers = followers;
    r.author = author;
  }
  const lang = languageCode(str(get('lang')));
  if (lang) r.lang = lang;
  const country =
    str(get('extra_author_attributes.world_data.country_code')) ??
    str(get('extra_source_attributes.world_data.country_code'));
  if (country) r.country = country.toUpperCase();
  const parent = str(get('parent_url'));
  if (parent && parent !== url) r.parentId = parent;
  const likes = sumExtended(get, extendedKeys, ['_likes']);
  const shares = sumExtended(get, extendedKeys, ['_shares', '_retweets']);
  const replies = sumExtended(get, extendedKeys, ['_replies', '_comments']);
  if (likes !== undefined || shares !== undefined || replies !== undefined)
    r.engagement = { likes, shares, replies };
  for (const key of rawKeys) {
    const v = get(key);
    // `engagement` is a native field (an object); Talkwalker's is one total.
    if (v !== undefined && v !== null && v !== '') r[key === 'engagement' ? 'engagement_total' : key] = v;
  }
  return extra ? { ...extra, ...r } : r;
}

/** One Talkwalker document as found in `chunk_result.data.data`. */
export function talkwalkerDocument(doc: Record<string, unknown>): unknown {
  const get: Lookup = (path) => {
    let v: unknown = doc;
    for (const part of path.split('.')) {
      if (typeof v !== 'object' || v === null) return undefined;
      v = (v as Record<string, unknown>)[part];
    }
    return v;
  };
  const ext = doc.article_extended_attributes;
  const keys = typeof ext === 'object' && ext !== null ? Object.keys(ext) : [];
  return talkwalkerRecord(get, keys);
}

/**
 * A line of Talkwalker's streaming output: `CT_RESULT` carries a document, `CT_CONTROL` (resume offsets)
 * holds none and yields `undefined`, which the pipeline skips without counting.
 */
export function talkwalkerChunk(chunk: Record<string, unknown>): unknown {
  if (chunk.chunk_type === 'CT_RESULT') {
    const doc = (chunk.chunk_result as { data?: { data?: unknown } } | undefined)?.data?.data;
    if (typeof doc !== 'object' || doc === null)
      return new InvalidRecord('CT_RESULT chunk without chunk_result.data.data');
    return talkwalkerDocument(doc as Record<string, unknown>);
  }
  return undefined;
}

const mapped = lowerSet(mappedPaths);

export const talkwalkerCsv: CsvFormat = {
  name: 'talkwalker',
  matches: (h) => h.has('url') && h.has('published') && (h.has('content') || h.has('title')),
  toRecord(row: Row): unknown {
    const extendedKeys: string[] = [];
    const rest = row.rest(mapped);
    if (rest) {
      for (const key of Object.keys(rest)) {
        if (key.toLowerCase().startsWith('article_extended_attributes.')) {
          extendedKeys.push(key.slice('article_extended_attributes.'.length));
        }
      }
    }
    return talkwalkerRecord((path) => row.get(path), extendedKeys, rest);
  },
};
