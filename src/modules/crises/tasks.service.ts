/**
 * The crisis checklist: tasks instantiated from the playbook (or added by hand), assigned to people,
 * started and done with a note. Every change is audited and on the timeline; statement work completes
 * the matching draft/approval/publish steps by itself (`completeSteps`).
 */
import type { Kysely } from 'kysely';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type { Assignment, TaskStatus, TeamDirectory } from './crises.model.ts';
import { presentTask, type TaskView } from './crises.presenter.ts';
import type { CrisisTasksTable } from './crises.tables.ts';
import { recordCrisisEvent } from './timeline.ts';

type Db = Kysely<Database>;

export interface TasksServiceDeps {
  db: Db;
  clock: Clock;
  team: () => TeamDirectory | undefined;
}

export interface NewTaskInput {
  title: string;
  details?: string;
  ownerRole?: string;
  dueAt?: number;
}

export type TasksService = ReturnType<typeof createTasksService>;

export function createTasksService(deps: TasksServiceDeps) {
  const { db, clock } = deps;

  async function crisisRow(trx: Db, workspaceId: string, crisisId: string) {
    const row = await trx
      .selectFrom('crises')
      .select(['id', 'assignments', 'status'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', crisisId)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Crisis ${crisisId}`);
    return row;
  }

  async function load(trx: Db, workspaceId: string, crisisId: string, taskId: string) {
    const row = await trx
      .selectFrom('crisis_tasks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('crisis_id', '=', crisisId)
      .where('id', '=', taskId)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Task ${taskId} of crisis ${crisisId}`);
    return row;
  }

  async function save(
    trx: Db,
    actor: Actor,
    previous: CrisisTasksTable,
    next: CrisisTasksTable,
    action: string,
    summary: string,
    data: Record<string, unknown>,
  ): Promise<TaskView> {
    const result = await trx
      .updateTable('crisis_tasks')
      .set({ ...next, version: previous.version + 1 })
      .where('id', '=', previous.id)
      .where('version', '=', previous.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw errors.conflict('This task changed meanwhile; reload it and try again.');
    }
    next.version = previous.version + 1;
    await recordAudit(trx, actor, next.updated_at, {
      workspaceId: next.workspace_id,
      action: `crisis_task.${action}`,
      subjectType: 'crisis_task',
      subjectId: next.id,
      before: { status: previous.status, assignee: previous.assignee_id },
      after: { crisisId: next.crisis_id, status: next.status, assignee: next.assignee_id, ...data },
    });
    await recordCrisisEvent(trx, {
      workspaceId: next.workspace_id,
      crisisId: next.crisis_id,
      kind: `task.${action}`,
      actor,
      at: next.updated_at,
      summary,
      data: { taskId: next.id, title: next.title, ...data },
    });
    return presentTask(next, clock.now());
  }

  const service = {
    async list(workspaceId: string, crisisId: string): Promise<TaskView[]> {
      await crisisRow(db, workspaceId, crisisId);
      const rows = await db
        .selectFrom('crisis_tasks')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('crisis_id', '=', crisisId)
        .orderBy('position')
        .execute();
      const now = clock.now();
      return rows.map((r) => presentTask(r, now));
    },

    async add(workspaceId: string, crisisId: string, input: NewTaskInput, actor: Actor): Promise<TaskView> {
      return db.transaction().execute(async (trx) => {
        await crisisRow(trx, workspaceId, crisisId);
        const last = await trx
          .selectFrom('crisis_tasks')
          .select((eb) => eb.fn.max('position').as('max'))
          .where('crisis_id', '=', crisisId)
          .executeTakeFirst();
        const now = clock.now();
        const row: CrisisTasksTable = {
          id: newId('tsk'),
          workspace_id: workspaceId,
          crisis_id: crisisId,
          position: last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1,
          step_id: null,
          kind: 'task',
          title: input.title,
          details: input.details ?? null,
          owner_role: input.ownerRole ?? null,
          assignee_id: null,
          assignee_name: null,
          statement_kind: null,
          notify_roles: null,
          due_at: input.dueAt ?? null,
          status: 'open',
          started_at: null,
          started_by: null,
          done_at: null,
          done_by: null,
          note: null,
          version: 1,
          created_at: now,
          updated_at: now,
        };
        await trx.insertInto('crisis_tasks').values(row).execute();
        await recordAudit(trx, actor, now, {
          workspaceId,
          action: 'crisis_task.create',
          subjectType: 'crisis_task',
          subjectId: row.id,
          after: { crisisId, title: row.title, ownerRole: row.owner_role, dueAt: row.due_at },
        });
        await recordCrisisEvent(trx, {
          workspaceId,
          crisisId,
          kind: 'task.created',
          actor,
          at: now,
          summary: `Task added: ${row.title}`,
          data: { taskId: row.id, ownerRole: row.owner_role, dueAt: row.due_at },
        });
        return presentTask(row, now);
      });
    },

    /**
     * Gives a task to a person: someone assigned to a role on this crisis, or a team member holding the
     * task's owner role.
     */
    async assign(
      workspaceId: string,
      crisisId: string,
      taskId: string,
      personId: string,
      actor: Actor,
    ): Promise<TaskView> {
      const crisis = await crisisRow(db, workspaceId, crisisId);
      const task = await load(db, workspaceId, crisisId, taskId);
      const assigned = (JSON.parse(crisis.assignments) as Assignment[]).find((a) => a.personId === personId);
      let name = assigned?.name;
      if (!name && task.owner_role) {
        const people = (await deps.team()?.peopleForRole(workspaceId, task.owner_role)) ?? [];
        name = people.find((p) => p.id === personId)?.name;
      }
      if (!name) {
        throw errors.badRequest(
          `The person ${personId} is neither assigned to this crisis nor holds the role "${task.owner_role ?? '—'}".`,
        );
      }
      return db.transaction().execute(async (trx) => {
        const previous = await load(trx, workspaceId, crisisId, taskId);
        const now = clock.now();
        const next = { ...previous, assignee_id: personId, assignee_name: name, updated_at: now };
        return save(trx, actor, previous, next, 'assigned', `Task "${previous.title}" assigned to ${name}`, {
          personId,
        });
      });
    },

    async start(workspaceId: string, crisisId: string, taskId: string, actor: Actor): Promise<TaskView> {
      return db.transaction().execute(async (trx) => {
        const previous = await load(trx, workspaceId, crisisId, taskId);
        if (previous.status !== 'open') {
          throw errors.conflict(
            `This task is ${previous.status.replace('_', ' ')}; only an open task can be started.`,
          );
        }
        const now = clock.now();
        const next: CrisisTasksTable = {
          ...previous,
          status: 'in_progress',
          started_at: now,
          started_by: actor.label,
          updated_at: now,
        };
        return save(trx, actor, previous, next, 'started', `Task started: ${previous.title}`, {});
      });
    },

    async done(
      workspaceId: string,
      crisisId: string,
      taskId: string,
      note: string | undefined,
      actor: Actor,
    ): Promise<TaskView> {
      return db.transaction().execute(async (trx) => {
        const previous = await load(trx, workspaceId, crisisId, taskId);
        if (previous.status === 'done') throw errors.conflict('This task is already done.');
        const now = clock.now();
        const next: CrisisTasksTable = {
          ...previous,
          status: 'done',
          started_at: previous.started_at ?? now,
          started_by: previous.started_by ?? actor.label,
          done_at: now,
          done_by: actor.label,
          note: note ?? null,
          updated_at: now,
        };
        const late = previous.due_at !== null && now > Number(previous.due_at);
        return save(
          trx,
          actor,
          previous,
          next,
          'done',
          `Task done${late ? ' (late)' : ''}: ${previous.title}${note ? ` — ${note}` : ''}`,
          { note: note ?? null, dueAt: previous.due_at, late },
        );
      });
    },

    /**
     * Marks the open playbook steps of `kind` for `statementKind` done, in the caller's transaction
     * (statements call it on draft, full approval and publication). Returns how many were done.
     */
    async completeSteps(
      trx: Db,
      workspaceId: string,
      crisisId: string,
      kind: 'draft_statement' | 'approval' | 'publish',
      statementKind: string,
      actor: Actor,
      note: string,
    ): Promise<number> {
      const open = await trx
        .selectFrom('crisis_tasks')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('crisis_id', '=', crisisId)
        .where('kind', '=', kind)
        .where('status', 'in', ['open', 'in_progress'] satisfies TaskStatus[])
        .execute();
      let n = 0;
      for (const previous of open) {
        if (previous.statement_kind && previous.statement_kind !== statementKind) continue;
        const now = clock.now();
        const next: CrisisTasksTable = {
          ...previous,
          status: 'done',
          started_at: previous.started_at ?? now,
          started_by: previous.started_by ?? actor.label,
          done_at: now,
          done_by: actor.label,
          note,
          updated_at: now,
        };
        await save(trx, actor, previous, next, 'done', `Task done: ${previous.title} — ${note}`, { note });
        n++;
      }
      return n;
    },
  };
  return service;
}
