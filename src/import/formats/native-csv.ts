/** CSV with the native record's fields as columns; nested fields are dotted (`author.handle`). */
import { InvalidRecord } from '../../domain/record.ts';
import { parseBool, parseCount } from '../values.ts';
import { lowerSet, type Row } from './row.ts';
import type { CsvFormat } from './types.ts';

export const nativeColumns = [
  'source',
  'id',
  'text',
  'createdAt',
  'url',
  'title',
  'author.handle',
  'author.name',
  'author.followers',
  'author.verified',
  'lang',
  'country',
  'parentId',
  'engagement.likes',
  'engagement.shares',
  'engagement.replies',
];
const mapped = lowerSet(nativeColumns);

export const nativeCsv: CsvFormat = {
  name: 'csv',
  matches: (h) => h.has('id') && h.has('text') && h.has('createdat'),
  toRecord(row: Row): unknown {
    const r: Record<string, unknown> = {};
    for (const key of ['source', 'id', 'url', 'title', 'lang', 'country', 'parentId'] as const) {
      const v = row.get(key);
      if (v !== undefined) r[key] = v;
    }
    // An empty text is a valid (if useless) mention; a missing column is not.
    if (row.has('text')) r.text = row.get('text') ?? '';
    const createdAt = row.get('createdAt');
    if (createdAt !== undefined) r.createdAt = /^\d+$/.test(createdAt) ? Number(createdAt) : createdAt;

    const author: Record<string, unknown> = {};
    const handle = row.get('author.handle');
    const name = row.get('author.name');
    if (handle !== undefined) author.handle = handle;
    if (name !== undefined) author.name = name;
    const followers = count(row, 'author.followers');
    if (followers instanceof InvalidRecord) return followers;
    if (followers !== undefined) author.followers = followers;
    const verifiedCell = row.get('author.verified');
    if (verifiedCell !== undefined) {
      const verified = parseBool(verifiedCell);
      if (verified === undefined)
        return new InvalidRecord(`author.verified: "${clip(verifiedCell)}" is not true or false`);
      author.verified = verified;
    }
    if (Object.keys(author).length > 0) r.author = author;

    const engagement: Record<string, number> = {};
    for (const k of ['likes', 'shares', 'replies'] as const) {
      const n = count(row, `engagement.${k}`);
      if (n instanceof InvalidRecord) return n;
      if (n !== undefined) engagement[k] = n;
    }
    if (Object.keys(engagement).length > 0) r.engagement = engagement;

    const rest = row.rest(mapped);
    return rest ? { ...rest, ...r } : r;
  },
};

function count(row: Row, column: string): number | undefined | InvalidRecord {
  const cell = row.get(column);
  const n = parseCount(cell);
  if (n === null) return new InvalidRecord(`${column}: "${clip(cell ?? '')}" is not a whole number`);
  return n;
}

export function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
