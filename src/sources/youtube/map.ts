/** YouTube commentThread (and the replies it carries) → native records (PROTOCOLS.md §6). */
import type { NativeRecord } from '../../domain/record.ts';

type Obj = Record<string, unknown>;
export type YtMapped =
  | { ok: true; records: NativeRecord[]; at: number; id: string }
  | { ok: false; reason: string };

const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Obj) : undefined);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const count = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined);

function comment(c: Obj, videoId: string, parentId?: string, replies?: number): NativeRecord | string {
  const id = str(c.id);
  const s = obj(c.snippet);
  if (!id || !s) return 'comment has no id or snippet';
  const at = Date.parse(String(s.publishedAt));
  if (!Number.isFinite(at)) return `${id}: unreadable publishedAt`;
  const record = {
    source: 'youtube',
    id,
    text: typeof s.textOriginal === 'string' ? s.textOriginal : String(s.textDisplay ?? ''),
    createdAt: at,
    url: `https://www.youtube.com/watch?v=${videoId}&lc=${id}`,
    threadId: videoId,
  } as NativeRecord & Obj;
  const handle = str(s.authorDisplayName);
  if (handle) record.author = { handle };
  const channel = str(obj(s.authorChannelId)?.value);
  if (channel) record.authorChannelId = channel;
  if (parentId) record.parentId = parentId;
  record.engagement = { likes: count(s.likeCount), replies };
  return record;
}

export function mapThread(thread: unknown): YtMapped {
  const t = obj(thread);
  const snippet = obj(t?.snippet);
  const top = obj(snippet?.topLevelComment);
  const videoId = str(snippet?.videoId) ?? str(obj(top?.snippet)?.videoId);
  if (!t || !top || !videoId) return { ok: false, reason: 'thread has no topLevelComment or videoId' };
  const first = comment(top, videoId, undefined, count(snippet?.totalReplyCount));
  if (typeof first === 'string') return { ok: false, reason: first };
  const records = [first];
  for (const reply of (obj(t.replies)?.comments as unknown[]) ?? []) {
    const r = comment(obj(reply) ?? {}, videoId, String(first.id));
    if (typeof r !== 'string') records.push(r);
  }
  return { ok: true, records, at: Number(first.createdAt), id: String(first.id) };
}

/** YouTube quotas reset at midnight Pacific Time. */
export function quotaDay(epochMs: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date(epochMs));
}
