/** Bluesky post (Jetstream commit or searchPosts postView) → native record (PROTOCOLS.md §1.3). */
import type { NativeRecord } from '../../domain/record.ts';

type Obj = Record<string, unknown>;
export type BskyMapped = { ok: true; record: NativeRecord } | { ok: false; reason: string } | { ok: 'skip' };

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

function postUrl(did: string, rkey: string): string {
  return `https://bsky.app/profile/${did}/post/${rkey}`;
}

function fromPostRecord(uri: string, did: string, rkey: string, rec: Obj, fallbackAt: number | undefined) {
  const text = typeof rec.text === 'string' ? rec.text : undefined;
  if (text === undefined) return { ok: false as const, reason: `${uri}: post record has no text` };
  const created = str(rec.createdAt) ? Date.parse(rec.createdAt as string) : Number.NaN;
  const at = Number.isFinite(created) ? created : fallbackAt;
  if (at === undefined) return { ok: false as const, reason: `${uri}: no usable createdAt` };
  const record = {
    source: 'bluesky',
    id: uri,
    text,
    createdAt: at,
    url: postUrl(did, rkey),
    author: { handle: did },
    did,
  } as NativeRecord & Obj;
  const langs = rec.langs;
  if (Array.isArray(langs) && typeof langs[0] === 'string') record.lang = langs[0].slice(0, 16);
  const reply = obj(rec.reply);
  const parent = str(obj(reply?.parent)?.uri);
  const root = str(obj(reply?.root)?.uri);
  if (parent) record.parentId = parent;
  if (root) record.threadId = root;
  const embed = str(obj(rec.embed)?.$type);
  if (embed) record.embed = embed;
  return { ok: true as const, record };
}

/** A Jetstream v1 event. Non-post events (likes, identity, account, deletes) are skipped, not errors. */
export function mapJetstreamEvent(e: Obj): BskyMapped {
  const did = str(e.did);
  if (!did || typeof e.time_us !== 'number') return { ok: false, reason: 'event has no did or time_us' };
  if (e.kind !== 'commit') return { ok: 'skip' };
  const commit = obj(e.commit);
  if (!commit) return { ok: false, reason: 'commit event without commit' };
  if (commit.collection !== 'app.bsky.feed.post') return { ok: 'skip' };
  if (commit.operation === 'delete') return { ok: 'skip' };
  const rkey = str(commit.rkey);
  const rec = obj(commit.record);
  if (!rkey || !rec) return { ok: false, reason: `post ${commit.operation ?? '?'} without rkey or record` };
  return fromPostRecord(
    `at://${did}/app.bsky.feed.post/${rkey}`,
    did,
    rkey,
    rec,
    Math.floor(e.time_us / 1000),
  );
}

/** A searchPosts postView: the same record plus a hydrated author and counts. */
export function mapPostView(p: Obj): BskyMapped {
  const uri = str(p.uri);
  const m = uri ? /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(uri) : null;
  if (!uri || !m) return { ok: false, reason: `not a post URI: ${String(p.uri)}` };
  const rec = obj(p.record);
  if (!rec) return { ok: false, reason: `${uri}: no record` };
  const indexed = str(p.indexedAt) ? Date.parse(p.indexedAt as string) : undefined;
  const mapped = fromPostRecord(uri, m[1]!, m[2]!, rec, indexed);
  if (!mapped.ok) return mapped;
  const record = mapped.record as NativeRecord & Obj;
  const author = obj(p.author);
  if (str(author?.handle)) {
    record.author = { handle: author!.handle as string };
    if (str(author!.displayName)) record.author.name = author!.displayName as string;
  }
  const n = (v: unknown) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : 0);
  record.engagement = {
    likes: n(p.likeCount),
    shares: n(p.repostCount) + n(p.quoteCount),
    replies: n(p.replyCount),
  };
  return { ok: true, record };
}
