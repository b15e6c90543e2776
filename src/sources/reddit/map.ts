/** Reddit Thing (t1 comment, t3 post) → native record (PROTOCOLS.md §3.6). */
import type { NativeRecord } from '../../domain/record.ts';

export type RedditMapped =
  | { ok: true; record: NativeRecord; at: number; name: string }
  | { ok: false; reason: string };

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const count = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.trunc(v)) : undefined;

export function mapThing(thing: { kind?: unknown; data?: Record<string, unknown> }): RedditMapped {
  const d = thing?.data;
  if (!d || typeof d !== 'object') return { ok: false, reason: 'thing has no data' };
  const name = str(d.name);
  if (!name || !/^t[13]_[a-z0-9]+$/.test(name))
    return { ok: false, reason: `not a t1/t3 fullname: ${String(d.name)}` };
  const seconds = d.created_utc;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds))
    return { ok: false, reason: `${name} has no created_utc` };
  const at = Math.round(seconds * 1000);
  const isPost = thing.kind === 't3';
  const text = isPost ? [str(d.title), str(d.selftext)].filter(Boolean).join('\n\n') : (str(d.body) ?? '');
  const record = {
    source: 'reddit',
    id: name,
    text,
    createdAt: at,
    subreddit: str(d.subreddit),
  } as NativeRecord & Record<string, unknown>;
  const permalink = str(d.permalink);
  if (permalink) record.url = `https://www.reddit.com${permalink}`;
  const title = isPost ? str(d.title) : str(d.link_title);
  if (title) record.title = title;
  const author = str(d.author);
  if (author) record.author = { handle: author };
  if (!isPost && str(d.parent_id)) record.parentId = str(d.parent_id);
  record.threadId = isPost ? name : str(d.link_id);
  record.engagement = isPost
    ? { likes: count(d.score), shares: count(d.num_crossposts), replies: count(d.num_comments) }
    : { likes: count(d.score) };
  return { ok: true, record, at, name };
}
