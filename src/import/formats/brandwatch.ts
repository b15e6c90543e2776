/**
 * Brandwatch Consumer Research mention export (PROTOCOLS.md §11.2). Identity: `Mention Id` →
 * `Resource Id` → `Url`, the order third-party importers use, so a re-export of the same mentions maps
 * to the same identities. The platform comes from `Page Type` / `Content Source`, else the URL's domain.
 */
import { InvalidRecord } from '../../domain/record.ts';
import {
  languageCode,
  parseBool,
  parseCount,
  parseVendorDate,
  platformFromLabel,
  platformFromUrl,
  sourceSlug,
} from '../values.ts';
import { lowerSet, type Row } from './row.ts';
import type { CsvFormat } from './types.ts';

const signature = ['query id', 'query name', 'date', 'title', 'snippet', 'url'];

/** Followers, likes, shares and replies columns per platform (old exports say "Twitter" for "X"). */
const platformColumns: Record<
  string,
  { followers?: string[]; likes?: string[]; shares?: string[]; replies?: string[]; verified?: string[] }
> = {
  x: {
    followers: ['X Followers', 'Twitter Followers'],
    likes: ['X Likes', 'Twitter Likes'],
    shares: ['X Reposts', 'Twitter Retweets'],
    replies: ['X Replies', 'Twitter Reply Count'],
    verified: ['X Verified', 'Twitter Verified'],
  },
  facebook: { likes: ['Facebook Likes'], shares: ['Facebook Shares'], replies: ['Facebook Comments'] },
  instagram: {
    followers: ['Instagram Followers'],
    likes: ['Instagram Likes'],
    replies: ['Instagram Comments'],
  },
  reddit: { likes: ['Reddit Score'], replies: ['Reddit Comments'] },
  youtube: {
    followers: ['Youtube Subscriber Count'],
    likes: ['Youtube Likes'],
    replies: ['Youtube Comments'],
  },
  tiktok: { likes: ['Tiktok Likes'], shares: ['Tiktok Shares'], replies: ['Tiktok Comments'] },
  threads: { likes: ['Threads Likes'], shares: ['Threads Reposts'], replies: ['Threads Replies'] },
  bluesky: {
    followers: ['Bluesky Followers'],
    likes: ['Bluesky Likes'],
    shares: ['Bluesky Reposts'],
    replies: ['Bluesky Replies'],
  },
  linkedin: { likes: ['Linkedin Likes'], shares: ['Linkedin Shares'], replies: ['Linkedin Comments'] },
};

const mapped = lowerSet([
  'Mention Id',
  'Resource Id',
  'Url',
  'Title',
  'Full Text',
  'Snippet',
  'Author',
  'Full Name',
  'Language',
  'Country',
  'Country Code',
  'Date',
  'Parent Post Id',
  'Likes',
  'Shares',
  'Comments',
  ...Object.values(platformColumns).flatMap((c) => [
    ...(c.followers ?? []),
    ...(c.likes ?? []),
    ...(c.shares ?? []),
    ...(c.replies ?? []),
    ...(c.verified ?? []),
  ]),
]);

export const brandwatch: CsvFormat = {
  name: 'brandwatch',
  matches: (h) => signature.filter((c) => h.has(c)).length >= 4,
  toRecord(row: Row): unknown {
    const url = row.get('Url');
    const id = row.first('Mention Id', 'Resource Id', 'Url');
    if (!id) return new InvalidRecord('id: the row has no Mention Id, Resource Id or Url');
    const createdAt = parseVendorDate(row.get('Date'));
    if (createdAt === undefined) {
      return new InvalidRecord(
        row.get('Date')
          ? `createdAt: "${row.get('Date')}" is not a date`
          : 'createdAt: the Date column is empty',
      );
    }
    const source = platform(row, url);
    const cols = platformColumns[source] ?? {};
    const r: Record<string, unknown> = {
      source,
      id,
      text: row.first('Full Text', 'Snippet', 'Title') ?? '',
      createdAt,
    };
    if (url) r.url = url;
    const title = row.get('Title');
    if (title) r.title = title;
    const handle = row.get('Author');
    if (handle) {
      const author: Record<string, unknown> = { handle };
      const name = row.get('Full Name');
      if (name) author.name = name;
      const followers = firstCount(row, cols.followers ?? []);
      if (followers !== undefined) author.followers = followers;
      const verified = parseBool(row.first(...(cols.verified ?? [])));
      if (verified !== undefined) author.verified = verified;
      r.author = author;
    }
    const lang = languageCode(row.get('Language'));
    if (lang) r.lang = lang;
    const country = row.first('Country Code', 'Country');
    if (country) r.country = country;
    const parentId = row.get('Parent Post Id');
    if (parentId) r.parentId = parentId;
    const likes = firstCount(row, [...(cols.likes ?? []), 'Likes']);
    const shares = firstCount(row, [...(cols.shares ?? []), 'Shares']);
    const replies = firstCount(row, [...(cols.replies ?? []), 'Comments']);
    if (likes !== undefined || shares !== undefined || replies !== undefined)
      r.engagement = { likes, shares, replies };
    const rest = row.rest(mapped);
    return rest ? { ...rest, ...r } : r;
  },
};

function platform(row: Row, url: string | undefined): string {
  for (const label of [row.get('Page Type'), row.get('Content Source'), row.get('Content Source Name')]) {
    const known = platformFromLabel(label);
    if (known) return known;
  }
  const fromUrl = platformFromUrl(url);
  if (fromUrl) return fromUrl;
  const pageType = row.get('Page Type');
  return (pageType && sourceSlug(pageType)) || 'web';
}

/** Vendor counts that do not parse are left out (and kept raw), not a reason to lose the mention. */
function firstCount(row: Row, columns: string[]): number | undefined {
  for (const c of columns) {
    const n = parseCount(row.get(c));
    if (typeof n === 'number') return n;
  }
  return undefined;
}

export { firstCount };
