/** Mastodon Status → native record (PROTOCOLS.md §2.3). Identity is the federation `uri`. */
import type { NativeRecord } from '../../domain/record.ts';
import { htmlToText } from '../text.ts';

type Obj = Record<string, unknown>;
export type StatusMapped =
  | { ok: true; record: NativeRecord; localId: string }
  | { ok: false; reason: string };

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const n = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined);

/** Numeric string ids of varying length, compared as big integers. */
export function idGreater(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

export function mapStatus(input: unknown, instanceHost: string): StatusMapped {
  const outer = input as Obj;
  if (!outer || typeof outer !== 'object') return { ok: false, reason: 'status is not an object' };
  const localId = str(outer.id);
  // A boost: the original is the mention; the boost only counts towards it.
  const s = (outer.reblog && typeof outer.reblog === 'object' ? outer.reblog : outer) as Obj;
  const uri = str(s.uri);
  if (!localId || !/^\d+$/.test(localId) || !uri)
    return { ok: false, reason: 'status has no numeric id or uri' };
  const created = Date.parse(String(s.created_at));
  if (!Number.isFinite(created)) return { ok: false, reason: `${uri}: unreadable created_at` };
  const account = (s.account ?? {}) as Obj;
  const acct = str(account.acct);
  const spoiler = str(s.spoiler_text);
  const body = htmlToText(String(s.content ?? ''));
  const record = {
    source: 'mastodon',
    id: uri,
    text: spoiler ? `${spoiler}\n\n${body}` : body,
    createdAt: created,
    url: str(s.url) ?? uri,
    instance: instanceHost,
    localId,
  } as NativeRecord & Obj;
  if (acct) {
    record.author = { handle: acct.includes('@') ? acct : `${acct}@${instanceHost}` };
    if (str(account.display_name)) record.author.name = account.display_name as string;
    if (n(account.followers_count) !== undefined) record.author.followers = n(account.followers_count);
  }
  if (str(s.language)) record.lang = s.language as string;
  if (str(s.in_reply_to_id)) record.inReplyToLocalId = s.in_reply_to_id;
  record.engagement = {
    likes: n(s.favourites_count) ?? 0,
    shares: (n(s.reblogs_count) ?? 0) + (n(s.quotes_count) ?? 0),
    replies: n(s.replies_count) ?? 0,
  };
  if (s !== outer) record.boostedBy = str((outer.account as Obj | undefined)?.acct);
  return { ok: true, record, localId };
}
