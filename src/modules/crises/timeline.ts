/**
 * The crisis timeline: one append-only list of what happened, written by every part of the crisis room
 * (status changes, tasks, statements, replies, notes, metric milestones). Callers write inside the
 * transaction of the change they record, so an event never exists without its change or vice versa.
 */
import type { Kysely } from 'kysely';
import { newId } from '../../domain/ids.ts';
import type { Database } from '../../store/schema.ts';
import type { Actor } from '../audit/audit.ts';
import './crises.tables.ts';

/**
 * Known kinds (others may add theirs, e.g. `reply.sent`): `crisis.opened`, `crisis.status`,
 * `crisis.updated`, `crisis.assigned`, `note`, `link.alert`, `link.story`, `link.mention`,
 * `task.created`, `task.assigned`, `task.started`, `task.done`, `notification.sent`,
 * `notification.failed`, `statement.drafted`, `statement.edited`, `statement.approved`,
 * `statement.published`, `metric.peak`.
 */
export type CrisisEventKind = string;

export interface CrisisEventInput {
  workspaceId: string;
  crisisId: string;
  kind: CrisisEventKind;
  actor: Actor;
  at: number;
  /** One human line, plain text (renderers escape it). */
  summary: string;
  data?: Record<string, unknown>;
}

export interface CrisisEvent {
  id: string;
  seq: number;
  crisisId: string;
  kind: string;
  actor: string;
  actorUserId: string | null;
  at: number;
  summary: string;
  data: Record<string, unknown> | null;
}

const MAX_SUMMARY = 2_000;

export async function recordCrisisEvent(db: Kysely<Database>, input: CrisisEventInput): Promise<string> {
  const id = newId('cev');
  await db
    .insertInto('crisis_events')
    .values({
      id,
      workspace_id: input.workspaceId,
      crisis_id: input.crisisId,
      kind: input.kind.slice(0, 64),
      actor: input.actor.label,
      actor_user_id: input.actor.userId,
      at: input.at,
      summary: input.summary.slice(0, MAX_SUMMARY),
      data: input.data === undefined ? null : JSON.stringify(input.data),
    })
    .execute();
  return id;
}

export interface TimelineQuery {
  /** Only events after this sequence number (polling for new events). */
  after?: number;
  kinds?: string[];
  limit?: number;
}

/** The crisis timeline in the order things happened. */
export async function listCrisisEvents(
  db: Kysely<Database>,
  workspaceId: string,
  crisisId: string,
  q: TimelineQuery = {},
): Promise<CrisisEvent[]> {
  let query = db
    .selectFrom('crisis_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('crisis_id', '=', crisisId);
  if (q.after !== undefined) query = query.where('seq', '>', q.after);
  if (q.kinds?.length) query = query.where('kind', 'in', q.kinds);
  const rows = await query
    .orderBy('seq')
    .limit(q.limit ?? 10_000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    crisisId: r.crisis_id,
    kind: r.kind,
    actor: r.actor,
    actorUserId: r.actor_user_id,
    at: Number(r.at),
    summary: r.summary,
    data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
  }));
}
