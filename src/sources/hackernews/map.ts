/** Algolia HN hit → native record (PROTOCOLS.md §5). */
import type { NativeRecord } from '../../domain/record.ts';
import { htmlToText } from '../text.ts';

export interface HnHit {
  objectID?: unknown;
  created_at?: unknown;
  created_at_i?: unknown;
  author?: unknown;
  title?: unknown;
  url?: unknown;
  story_text?: unknown;
  comment_text?: unknown;
  points?: unknown;
  num_comments?: unknown;
  story_id?: unknown;
  story_title?: unknown;
  parent_id?: unknown;
  _tags?: unknown;
}

export type HnMapped = { ok: true; record: NativeRecord; at: number } | { ok: false; reason: string };

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const count = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined);

export function mapHit(hit: HnHit): HnMapped {
  const id =
    typeof hit.objectID === 'string' || typeof hit.objectID === 'number' ? String(hit.objectID) : undefined;
  if (!id) return { ok: false, reason: 'hit has no objectID' };
  const at =
    typeof hit.created_at_i === 'number' ? hit.created_at_i * 1000 : Date.parse(String(hit.created_at));
  if (!Number.isFinite(at)) return { ok: false, reason: `hit ${id} has no readable created_at` };
  const title = str(hit.title);
  const body = str(hit.comment_text) ?? str(hit.story_text);
  const text = [title, body ? htmlToText(body) : undefined].filter(Boolean).join('\n\n');
  const record = {
    source: 'hackernews',
    id,
    text,
    createdAt: at,
    url: `https://news.ycombinator.com/item?id=${id}`,
  } as NativeRecord & Record<string, unknown>;
  if (title) record.title = title;
  else if (str(hit.story_title)) record.title = str(hit.story_title);
  const author = str(hit.author);
  if (author) record.author = { handle: author };
  if (hit.parent_id !== undefined && hit.parent_id !== null) record.parentId = String(hit.parent_id);
  if (hit.story_id !== undefined && hit.story_id !== null) record.threadId = String(hit.story_id);
  const points = count(hit.points);
  const replies = count(hit.num_comments);
  if (points !== undefined || replies !== undefined) record.engagement = { likes: points, replies };
  if (str(hit.url)) record.link = hit.url;
  return { ok: true, record, at };
}
