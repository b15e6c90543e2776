/** API shapes of crises and tasks: never database rows. */
import type { Crisis, CrisisStatus, CrisisType, Severity } from '../../domain/entities.ts';
import { type Assignment, type TaskStatus, transitions } from './crises.model.ts';
import type { CrisesTable, CrisisTasksTable } from './crises.tables.ts';

export interface CrisisView extends Crisis {
  category: string | null;
  playbook: { key: string; version: number } | null;
  origin: string;
  slug: string;
  /** The public statement page (404 until a statement is published). */
  publicUrl: string;
  variables: Record<string, string>;
  assignments: Assignment[];
  openedBy: string;
  statusChangedAt: number;
  resolvedAt: number | null;
  /** Where the status machine allows this crisis to go next. */
  nextStatuses: CrisisStatus[];
  version: number;
}

export function presentCrisis(r: CrisesTable, publicUrl: string): CrisisView {
  const status = r.status as CrisisStatus;
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    brandId: r.brand_id,
    title: r.title,
    type: r.type as CrisisType,
    category: r.category,
    severity: Number(r.severity) as Severity,
    status,
    commanderId: r.commander_id,
    playbookId: r.playbook_id,
    playbook: r.playbook_key ? { key: r.playbook_key, version: Number(r.playbook_version) } : null,
    isDrill: Number(r.is_drill) === 1,
    origin: r.origin,
    slug: r.slug,
    publicUrl: `${publicUrl.replace(/\/+$/, '')}/s/${r.slug}`,
    variables: JSON.parse(r.variables) as Record<string, string>,
    assignments: JSON.parse(r.assignments) as Assignment[],
    openedBy: r.opened_by,
    openedAt: Number(r.opened_at),
    statusChangedAt: Number(r.status_changed_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    nextStatuses: [...transitions[status]],
    version: Number(r.version),
    updatedAt: Number(r.updated_at),
  };
}

export interface TaskView {
  id: string;
  crisisId: string;
  position: number;
  stepId: string | null;
  kind: string;
  title: string;
  details: string | null;
  ownerRole: string | null;
  assignee: { personId: string; name: string | null } | null;
  statementKind: string | null;
  notifyRoles: string[];
  dueAt: number | null;
  status: TaskStatus;
  /** Not done and past its due time (at the time of the request). */
  overdue: boolean;
  startedAt: number | null;
  startedBy: string | null;
  doneAt: number | null;
  doneBy: string | null;
  note: string | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

const num = (v: number | null) => (v === null ? null : Number(v));

export function presentTask(r: CrisisTasksTable, now: number): TaskView {
  const status = r.status as TaskStatus;
  const dueAt = num(r.due_at);
  return {
    id: r.id,
    crisisId: r.crisis_id,
    position: Number(r.position),
    stepId: r.step_id,
    kind: r.kind,
    title: r.title,
    details: r.details,
    ownerRole: r.owner_role,
    assignee: r.assignee_id ? { personId: r.assignee_id, name: r.assignee_name } : null,
    statementKind: r.statement_kind,
    notifyRoles: r.notify_roles ? (JSON.parse(r.notify_roles) as string[]) : [],
    dueAt,
    status,
    overdue: dueAt !== null && status !== 'done' && status !== 'skipped' && dueAt < now,
    startedAt: num(r.started_at),
    startedBy: r.started_by,
    doneAt: num(r.done_at),
    doneBy: r.done_by,
    note: r.note,
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
