/**
 * The response inbox module: the queue of mentions that need an answer (src/pipeline/consumers/inbox.ts
 * feeds it; the crises module hands it linked mentions), replies, closing with a reason, coverage.
 */
export type { CloseReason, Coverage, InboxStatus } from './inbox.model.ts';
export {
  closeReasons,
  entryRank,
  HALF_LIFE_MS,
  inboxStatuses,
  openStatuses,
  priorityAt,
  rankOf,
  weightOf,
} from './inbox.model.ts';
export type { InboxItemView, ReplyView } from './inbox.presenter.ts';
export {
  type CannedReplies,
  createInboxService,
  type InboxListQuery,
  type InboxService,
  type InboxServiceDeps,
} from './inbox.service.ts';
