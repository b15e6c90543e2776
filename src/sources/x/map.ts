/** X API v2 post (+ includes.users) → native record (PROTOCOLS.md §9). */
import type { NativeRecord } from '../../domain/record.ts';

type Obj = Record<string, unknown>;
export type XMapped = { ok: true; record: NativeRecord; id: string } | { ok: false; reason: string };

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const n = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined);

/** Post ids are 64-bit snowflakes: compare as big integers. */
export function idGreater(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

export function usersById(includes: unknown): Map<string, Obj> {
  const map = new Map<string, Obj>();
  for (const u of ((includes as Obj | undefined)?.users as Obj[] | undefined) ?? [])
    if (str(u.id)) map.set(u.id as string, u);
  return map;
}

export function mapPost(post: unknown, users: Map<string, Obj>, fallbackNow: number): XMapped {
  const p = post as Obj;
  const id = str(p?.id);
  if (!id || !/^\d+$/.test(id)) return { ok: false, reason: 'post without a numeric id' };
  const text =
    str((p.note_tweet as Obj | undefined)?.text) ?? (typeof p.text === 'string' ? p.text : undefined);
  if (text === undefined) return { ok: false, reason: `${id}: no text` };
  const created = str(p.created_at) ? Date.parse(p.created_at as string) : fallbackNow;
  if (!Number.isFinite(created)) return { ok: false, reason: `${id}: unreadable created_at` };
  const record = { source: 'x', id, text, createdAt: created } as NativeRecord & Obj;
  const author = str(p.author_id) ? users.get(p.author_id as string) : undefined;
  if (author && str(author.username)) {
    record.url = `https://x.com/${author.username}/status/${id}`;
    const metrics = author.public_metrics as Obj | undefined;
    record.author = {
      handle: author.username as string,
      name: str(author.name),
      followers: n(metrics?.followers_count),
      verified: typeof author.verified === 'boolean' ? author.verified : undefined,
    };
  } else {
    record.url = `https://x.com/i/web/status/${id}`;
    if (str(p.author_id)) record.author = { handle: p.author_id as string };
  }
  if (str(p.lang) && p.lang !== 'und') record.lang = p.lang as string;
  const replied = ((p.referenced_tweets as Obj[] | undefined) ?? []).find((r) => r.type === 'replied_to');
  if (replied && str(replied.id)) record.parentId = replied.id as string;
  if (str(p.conversation_id)) record.threadId = p.conversation_id;
  const m = p.public_metrics as Obj | undefined;
  if (m) {
    record.engagement = {
      likes: n(m.like_count),
      shares: (n(m.retweet_count) ?? 0) + (n(m.quote_count) ?? 0),
      replies: n(m.reply_count),
    };
    if (n(m.impression_count) !== undefined) record.views = n(m.impression_count);
  }
  const rules = p.matching_rules;
  if (Array.isArray(rules)) record.matchingRules = rules.map((r) => (r as Obj).tag ?? (r as Obj).id);
  return { ok: true, record, id };
}
