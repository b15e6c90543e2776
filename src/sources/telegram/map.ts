/**
 * Telegram Bot API Update → native record (PROTOCOLS.md §8): channel posts of channels where the bot is
 * an admin, and messages of the linked discussion group. The automatic forward of each channel post
 * into the group is the same post again and is skipped.
 */
import type { NativeRecord } from '../../domain/record.ts';

type Obj = Record<string, unknown>;
export type TgMapped =
  | { ok: true; record: NativeRecord }
  | { ok: false; reason: string }
  | { ok: 'skip'; why: string };

const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Obj) : undefined);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

export function mapUpdate(update: Obj, chatIds: number[]): TgMapped {
  const kind = ['channel_post', 'edited_channel_post', 'message', 'edited_message'].find((k) => k in update);
  if (!kind) return { ok: 'skip', why: 'not a message update' };
  const m = obj(update[kind]);
  const chat = obj(m?.chat);
  if (
    !m ||
    !chat ||
    !Number.isSafeInteger(chat.id) ||
    !Number.isSafeInteger(m.message_id) ||
    !Number.isSafeInteger(m.date)
  )
    return { ok: false, reason: `${kind} without chat.id, message_id or date` };
  if (chatIds.length > 0 && !chatIds.includes(chat.id as number))
    return { ok: 'skip', why: 'chat not watched' };
  if (m.is_automatic_forward === true) return { ok: 'skip', why: 'automatic forward of a channel post' };
  const text = str(m.text) ?? str(m.caption);
  if (text === undefined) return { ok: 'skip', why: 'no text (sticker, service message…)' };
  const record = {
    source: 'telegram',
    id: `${chat.id}:${m.message_id}`,
    text,
    createdAt: (m.date as number) * 1000,
    chatTitle: str(chat.title),
    chatType: str(chat.type),
  } as NativeRecord & Obj;
  if (str(chat.username)) record.url = `https://t.me/${chat.username}/${m.message_id}`;
  const from = obj(m.from);
  const sender = obj(m.sender_chat);
  if (sender && (kind.includes('channel') || !from || from.id === 777000 || from.id === 1087968824)) {
    record.author = { handle: str(sender.username) ?? String(sender.id), name: str(sender.title) };
  } else if (from) {
    const name = [from.first_name, from.last_name].filter((x) => typeof x === 'string' && x).join(' ');
    record.author = { handle: str(from.username) ?? String(from.id), name: name || undefined };
  }
  const reply = obj(m.reply_to_message);
  if (reply && Number.isSafeInteger(reply.message_id)) record.parentId = `${chat.id}:${reply.message_id}`;
  if (Number.isSafeInteger(m.edit_date)) record.editedAt = (m.edit_date as number) * 1000;
  return { ok: true, record };
}
