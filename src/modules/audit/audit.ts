/**
 * The audit log: every write records who did what, when, with the state before and after. Services
 * call `recordAudit` inside the same transaction as the write, so a change and its record commit together.
 */
import type { Kysely } from 'kysely';
import type { AuditEvent } from '../../domain/entities.ts';
import { newId } from '../../domain/ids.ts';
import type { Database } from '../../store/schema.ts';

/** Who acts: a signed-in user, an API token, or the system itself (demo seeding, detectors). */
export interface Actor {
  /** Null for the system. */
  userId: string | null;
  /** Human label kept in the log: an e-mail, `token:<name>` or `system:<what>`. */
  label: string;
}

export const systemActor = (what: string): Actor => ({ userId: null, label: `system:${what}` });

export interface AuditInput {
  workspaceId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(
  db: Kysely<Database>,
  actor: Actor,
  at: number,
  input: AuditInput,
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId('aud'),
      workspace_id: input.workspaceId,
      actor: actor.label,
      action: input.action,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      before: input.before === undefined ? null : JSON.stringify(input.before),
      after: input.after === undefined ? null : JSON.stringify(input.after),
      at,
    })
    .execute();
}

export interface AuditQuery {
  workspaceId: string;
  limit: number;
  before?: number;
  subjectType?: string;
  subjectId?: string;
  action?: string;
}

export async function listAudit(db: Kysely<Database>, q: AuditQuery): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll().where('workspace_id', '=', q.workspaceId);
  if (q.before !== undefined) query = query.where('at', '<', q.before);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.action) query = query.where('action', '=', q.action);
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    workspaceId: r.workspace_id,
    actor: r.actor,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
    at: Number(r.at),
  }));
}
