/** API shape of an inbox item: the queue entry with its mention, never a database row. */
import { allowedActions, type InboxStatus, priorityAt } from './inbox.model.ts';
import type { InboxItemsTable } from './inbox.tables.ts';

export interface ReplyView {
  id: string;
  text: string;
  channel: string;
  /** The official statement version the reply linked to, if it did. */
  statement: { id: string; version: number } | null;
  by: string;
  at: number;
}

export interface InboxItemView {
  id: string;
  status: InboxStatus;
  origin: string;
  crisisId: string | null;
  brandId: string | null;
  assigneeId: string | null;
  closeReason: string | null;
  closeNote: string | null;
  /** reach × negativity × recency decay, now. */
  priority: number;
  weight: number;
  enteredAt: number;
  firstReplyAt: number | null;
  actions: string[];
  version: number;
  /** The mention as stored: hostile text, returned as data. Null if it is no longer stored. */
  mention: {
    source: string;
    externalId: string;
    text: string;
    url: string | null;
    title: string | null;
    author: { handle: string | null; name: string | null; followers: number | null; verified: boolean };
    lang: string | null;
    createdAt: number;
    sentiment: { label: string; score: number } | null;
    reach: number | null;
    storyId: string | null;
  } | null;
  replies?: ReplyView[];
}

export interface MentionColumns {
  text: string;
  url: string | null;
  title: string | null;
  author_handle: string | null;
  author_name: string | null;
  author_followers: number | null;
  author_verified: number | null;
  lang: string | null;
  created_at: number;
  sentiment_label: string | null;
  sentiment_score: number | null;
  reach: number | null;
  story_id: string | null;
}

export function presentItem(
  item: InboxItemsTable,
  mention: MentionColumns | undefined,
  now: number,
  replies?: ReplyView[],
): InboxItemView {
  const status = item.status as InboxStatus;
  return {
    id: item.id,
    status,
    origin: item.origin,
    crisisId: item.crisis_id,
    brandId: item.brand_id,
    assigneeId: item.assignee_id,
    closeReason: item.close_reason,
    closeNote: item.close_note,
    priority: priorityAt(Number(item.rank), now),
    weight: Number(item.weight),
    enteredAt: Number(item.entered_at),
    firstReplyAt: item.first_reply_at === null ? null : Number(item.first_reply_at),
    actions: allowedActions(status),
    version: Number(item.version),
    mention: mention
      ? {
          source: item.source,
          externalId: item.external_id,
          text: mention.text,
          url: mention.url,
          title: mention.title,
          author: {
            handle: mention.author_handle,
            name: mention.author_name,
            followers: mention.author_followers === null ? null : Number(mention.author_followers),
            verified: Number(mention.author_verified) === 1,
          },
          lang: mention.lang,
          createdAt: Number(mention.created_at),
          sentiment: mention.sentiment_label
            ? { label: mention.sentiment_label, score: Number(mention.sentiment_score ?? 0) }
            : null,
          reach: mention.reach === null ? null : Number(mention.reach),
          storyId: mention.story_id,
        }
      : null,
    ...(replies ? { replies } : {}),
  };
}
