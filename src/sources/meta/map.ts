/**
 * Meta webhook deliveries → native records (PROTOCOLS.md §10): Facebook Page `feed` changes with
 * item=comment (verb add/edited) and Instagram `comments`. Everything else (reactions, removals, other
 * fields) is skipped, not an error.
 */
import type { NativeRecord } from '../../domain/record.ts';

type Obj = Record<string, unknown>;
export interface MetaMapped {
  records: NativeRecord[];
  malformed: Array<{ reason: string; sample: string }>;
  skipped: number;
}

const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const snippet = (v: unknown) => JSON.stringify(v).slice(0, 300);

export function mapDelivery(body: unknown, accountIds: string[] = []): MetaMapped {
  const out: MetaMapped = { records: [], malformed: [], skipped: 0 };
  const envelopes = Array.isArray(body) ? body : [body];
  for (const envelope of envelopes) {
    const e = obj(envelope);
    if (!e || !Array.isArray(e.entry)) {
      out.malformed.push({ reason: 'delivery has no entry[]', sample: snippet(envelope) });
      continue;
    }
    for (const entryRaw of e.entry) {
      const entry = obj(entryRaw);
      const account = str(entry?.id);
      if (!entry || !account || !Array.isArray(entry.changes)) {
        out.malformed.push({ reason: 'entry without id or changes[]', sample: snippet(entryRaw) });
        continue;
      }
      if (accountIds.length > 0 && !accountIds.includes(account)) {
        out.skipped += entry.changes.length;
        continue;
      }
      const time = Number.isSafeInteger(entry.time) ? (entry.time as number) * 1000 : undefined;
      for (const changeRaw of entry.changes) {
        const change = obj(changeRaw);
        const v = obj(change?.value);
        if (!change || !v) {
          out.malformed.push({ reason: 'change without value', sample: snippet(changeRaw) });
          continue;
        }
        if (e.object === 'page' && change.field === 'feed') {
          if (v.item !== 'comment' || (v.verb !== 'add' && v.verb !== 'edited')) {
            out.skipped++;
            continue;
          }
          const id = str(v.comment_id);
          const created = Number.isSafeInteger(v.created_time) ? (v.created_time as number) * 1000 : time;
          if (!id || created === undefined) {
            out.malformed.push({ reason: 'page comment without comment_id or time', sample: snippet(v) });
            continue;
          }
          const from = obj(v.from);
          const record = {
            source: 'facebook',
            id,
            text: typeof v.message === 'string' ? v.message : '',
            createdAt: created,
            threadId: str(v.post_id),
            pageId: account,
          } as NativeRecord & Obj;
          const permalink = str(obj(v.post)?.permalink_url);
          if (permalink) record.url = permalink;
          if (from && str(from.id)) record.author = { handle: str(from.id)!, name: str(from.name) };
          if (str(v.parent_id) && v.parent_id !== v.post_id) record.parentId = str(v.parent_id);
          out.records.push(record);
        } else if (
          e.object === 'instagram' &&
          (change.field === 'comments' || change.field === 'live_comments')
        ) {
          const id = str(v.id);
          if (!id || time === undefined) {
            out.malformed.push({ reason: 'instagram comment without id or entry time', sample: snippet(v) });
            continue;
          }
          const from = obj(v.from);
          const media = obj(v.media);
          const record = {
            source: 'instagram',
            id,
            text: typeof v.text === 'string' ? v.text : '',
            createdAt: time,
            threadId: str(media?.id),
            accountId: account,
          } as NativeRecord & Obj;
          const handle = str(from?.username) ?? str(from?.id);
          if (handle) record.author = { handle };
          if (str(v.parent_id)) record.parentId = str(v.parent_id);
          out.records.push(record);
        } else out.skipped++;
      }
    }
  }
  return out;
}
