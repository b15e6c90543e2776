/** VK wall post (newsfeed.search item) → native record (PROTOCOLS.md §7). */
import type { NativeRecord } from '../../domain/record.ts';

type Obj = Record<string, unknown>;
export type VkMapped = { ok: true; record: NativeRecord; date: number } | { ok: false; reason: string };

const int = (v: unknown) => (Number.isSafeInteger(v) ? (v as number) : undefined);
const count = (v: unknown) => {
  const n = int((v as Obj | undefined)?.count);
  return n !== undefined && n >= 0 ? n : undefined;
};

export interface Owners {
  profiles: Map<number, Obj>;
  groups: Map<number, Obj>;
}

export function owners(response: Obj): Owners {
  const profiles = new Map<number, Obj>();
  const groups = new Map<number, Obj>();
  for (const p of (response.profiles as Obj[] | undefined) ?? [])
    if (int(p.id) !== undefined) profiles.set(p.id as number, p);
  for (const g of (response.groups as Obj[] | undefined) ?? [])
    if (int(g.id) !== undefined) groups.set(g.id as number, g);
  return { profiles, groups };
}

export function mapPost(item: unknown, who: Owners): VkMapped {
  const p = item as Obj;
  const ownerId = int(p?.owner_id);
  const id = int(p?.id);
  const date = int(p?.date);
  if (ownerId === undefined || id === undefined || date === undefined)
    return { ok: false, reason: 'post has no owner_id, id or date' };
  const copy = (p.copy_history as Obj[] | undefined)?.[0];
  const text = [typeof p.text === 'string' ? p.text : '', typeof copy?.text === 'string' ? copy.text : '']
    .filter(Boolean)
    .join('\n\n');
  const record = {
    source: 'vk',
    id: `${ownerId}_${id}`,
    text,
    createdAt: date * 1000,
    url: `https://vk.com/wall${ownerId}_${id}`,
    engagement: { likes: count(p.likes), shares: count(p.reposts), replies: count(p.comments) },
  } as NativeRecord & Obj;
  const views = count(p.views);
  if (views !== undefined) record.views = views;
  if (copy && int(copy.owner_id) !== undefined) record.repostOf = `${copy.owner_id}_${copy.id}`;
  const from = int(p.from_id) ?? ownerId;
  const author = from < 0 ? who.groups.get(-from) : who.profiles.get(from);
  if (author) {
    const handle =
      typeof author.screen_name === 'string' ? author.screen_name : from < 0 ? `club${-from}` : `id${from}`;
    const name = from < 0 ? author.name : [author.first_name, author.last_name].filter(Boolean).join(' ');
    record.author = { handle, name: typeof name === 'string' && name ? name : undefined };
    const followers = int(author.followers_count) ?? int(author.members_count);
    if (followers !== undefined && followers >= 0) record.author.followers = followers;
    if (author.verified === 1) record.author.verified = true;
  } else record.author = { handle: from < 0 ? `club${-from}` : `id${from}` };
  return { ok: true, record, date };
}
