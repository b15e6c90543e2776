/**
 * Crises: opening (by hand, from an alert, from a mention) with the playbook instantiated, the status
 * machine, commander and team assignments, template variables, links to alerts, stories and mentions,
 * and manual notes. Every write is audited and put on the timeline in the same transaction; notifications
 * to the team go out after the commit, in the background (`drain()` waits for them).
 */
import type { Kysely, Transaction } from 'kysely';
import type { CrisisStatus, CrisisType, Severity } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { newId, slugify } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import type { AlertView } from '../alerts/index.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import {
  type Assignment,
  type CrisisOrigin,
  checkTransition,
  type MentionRef,
  mentionRefKey,
  type PlaybookCatalog,
  parseMentionRefKey,
  type StoredPlaybookLike,
  type TeamDirectory,
  type TeamPersonLike,
} from './crises.model.ts';
import { type CrisisView, presentCrisis } from './crises.presenter.ts';
import type { CrisesTable } from './crises.tables.ts';
import { type CrisisNotifier, planNotifications } from './notifications.ts';
import { listCrisisEvents, recordCrisisEvent, type TimelineQuery } from './timeline.ts';

export type Db = Kysely<Database>;
export type Trx = Kysely<Database> | Transaction<Database>;

export interface CrisesServiceDeps {
  db: Db;
  clock: Clock;
  /** Base of public links (`${publicUrl}/s/<slug>`). */
  publicUrl: string;
  /** The team and playbook modules (looked up lazily: they are built beside this one). */
  team: () => TeamDirectory | undefined;
  playbooks: () => PlaybookCatalog | undefined;
  alerts?: () => { get(workspaceId: string, id: string): Promise<AlertView> } | undefined;
  brand?: (workspaceId: string, brandId: string) => Promise<{ name: string; aliases: string[] } | undefined>;
  notifier?: CrisisNotifier;
  /** Set by the inbox: linked mentions enter the response queue in the same transaction. */
  onMentionsLinked?: (
    trx: Trx,
    workspaceId: string,
    crisisId: string,
    mentions: MentionRef[],
  ) => Promise<void>;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface OpenCrisisInput {
  title?: string;
  type?: CrisisType;
  category?: string | null;
  severity?: Severity;
  brandId?: string | null;
  commanderId?: string | null;
  isDrill?: boolean;
  /** A playbook key to use instead of the one `playbooks.choose` picks; null opens without a playbook. */
  playbookKey?: string | null;
  playbookVersion?: number;
  variables?: Record<string, string>;
  alertId?: string;
  mentions?: MentionRef[];
  stories?: string[];
}

export interface CrisisPatch {
  title?: string;
  type?: CrisisType;
  category?: string | null;
  severity?: Severity;
  commanderId?: string | null;
  /** Values to set; null removes a variable. */
  variables?: Record<string, string | null>;
}

export interface CrisisListQuery {
  status?: CrisisStatus[];
  brandId?: string;
  includeDrills?: boolean;
  limit: number;
  before?: number;
}

export interface CrisisLinks {
  alerts: Array<{ id: string; linkedAt: number; linkedBy: string }>;
  stories: Array<{ id: string; linkedAt: number; linkedBy: string }>;
  mentions: Array<MentionRef & { linkedAt: number; linkedBy: string }>;
}

export type CrisesService = ReturnType<typeof createCrisesService>;

/** Most mentions a single link call (or a linked story) brings in. */
const MAX_LINK = 1_000;

export function createCrisesService(deps: CrisesServiceDeps) {
  const { db, clock } = deps;
  const inflight = new Set<Promise<void>>();

  function background(work: Promise<void>, what: string, crisisId: string): void {
    const task = work.catch((error) => deps.log?.error({ err: error, crisisId }, what));
    inflight.add(task);
    void task.finally(() => inflight.delete(task));
  }

  async function loadRow(trx: Trx, workspaceId: string, id: string): Promise<CrisesTable> {
    const row = await trx
      .selectFrom('crises')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Crisis ${id}`);
    return row;
  }

  const view = (row: CrisesTable) => presentCrisis(row, deps.publicUrl);

  /** Writes a changed crisis row if nobody changed it meanwhile. */
  async function saveRow(trx: Trx, previous: CrisesTable, next: CrisesTable): Promise<void> {
    const result = await trx
      .updateTable('crises')
      .set({ ...next, version: previous.version + 1 })
      .where('id', '=', previous.id)
      .where('version', '=', previous.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw errors.conflict('This crisis changed meanwhile; reload it and try again.');
    }
    next.version = previous.version + 1;
  }

  async function audit(
    trx: Trx,
    actor: Actor,
    workspaceId: string,
    action: string,
    id: string,
    after: unknown,
    before?: unknown,
  ) {
    await recordAudit(trx as Db, actor, clock.now(), {
      workspaceId,
      action,
      subjectType: 'crisis',
      subjectId: id,
      before,
      after,
    });
  }

  async function choosePlaybook(
    workspaceId: string,
    input: OpenCrisisInput,
    type: CrisisType,
    severity: Severity,
    category: string | null,
  ): Promise<StoredPlaybookLike | null> {
    if (input.playbookKey === null) return null;
    const catalog = deps.playbooks();
    if (input.playbookKey) {
      const found = catalog ? await catalog.get(workspaceId, input.playbookKey, input.playbookVersion) : null;
      if (!found) throw errors.badRequest(`There is no playbook "${input.playbookKey}" in this workspace.`);
      return found;
    }
    return catalog ? catalog.choose(workspaceId, { type, category, severity }) : null;
  }

  /** Roles the playbook uses (owners, people to notify, approvers), in order of first use. */
  function playbookRoles(playbook: StoredPlaybookLike | null): string[] {
    const roles = new Set<string>(['crisis_lead']);
    for (const step of playbook?.spec.steps ?? []) {
      roles.add(step.owner);
      for (const r of step.notify ?? []) roles.add(r);
    }
    for (const s of playbook?.spec.statements ?? []) for (const r of s.approvals) roles.add(r);
    return [...roles];
  }

  /** The first available holder of each role (primary before deputies, as the team module orders them). */
  async function defaultAssignments(workspaceId: string, roles: string[]): Promise<Assignment[]> {
    const team = deps.team();
    if (!team) return [];
    const out: Assignment[] = [];
    for (const role of roles) {
      const people = await team.peopleForRole(workspaceId, role);
      const person = people.find((p) => p.available) ?? people[0];
      if (person) out.push({ role, personId: person.id, name: person.name });
    }
    return out;
  }

  async function personForRole(workspaceId: string, role: string, personId: string): Promise<TeamPersonLike> {
    const people = (await deps.team()?.peopleForRole(workspaceId, role)) ?? [];
    const person = people.find((p) => p.id === personId);
    if (!person) {
      throw errors.badRequest(
        `The person ${personId} does not hold the role "${role}" in the team; add the role to them first.`,
      );
    }
    return person;
  }

  async function insertLinks(
    trx: Trx,
    actor: Actor,
    workspaceId: string,
    crisisId: string,
    kind: 'alert' | 'story' | 'mention',
    refs: string[],
  ): Promise<string[]> {
    if (!refs.length) return [];
    const existing = await trx
      .selectFrom('crisis_links')
      .select('ref')
      .where('crisis_id', '=', crisisId)
      .where('kind', '=', kind)
      .where('ref', 'in', refs)
      .execute();
    const known = new Set(existing.map((r) => r.ref));
    const fresh = [...new Set(refs)].filter((r) => !known.has(r));
    if (!fresh.length) return [];
    const at = clock.now();
    for (let i = 0; i < fresh.length; i += 200) {
      await trx
        .insertInto('crisis_links')
        .values(
          fresh.slice(i, i + 200).map((ref) => ({
            workspace_id: workspaceId,
            crisis_id: crisisId,
            kind,
            ref,
            linked_by: actor.label,
            linked_at: at,
          })),
        )
        .execute();
    }
    return fresh;
  }

  /** Keeps only mentions stored in this workspace; refuses the call when any is unknown. */
  async function existingMentions(trx: Trx, workspaceId: string, refs: MentionRef[]): Promise<MentionRef[]> {
    const out: MentionRef[] = [];
    const missing: string[] = [];
    for (const ref of refs) {
      const row = await trx
        .selectFrom('mentions')
        .select('seq')
        .where('workspace_id', '=', workspaceId)
        .where('source', '=', ref.source)
        .where('external_id', '=', ref.externalId)
        .executeTakeFirst();
      if (row) out.push(ref);
      else missing.push(mentionRefKey(ref));
    }
    if (missing.length) {
      throw errors.badRequest(`Unknown mention(s): ${missing.slice(0, 5).join(', ')}.`, { missing });
    }
    return out;
  }

  async function linkMentionsIn(
    trx: Trx,
    actor: Actor,
    workspaceId: string,
    crisisId: string,
    mentions: MentionRef[],
    summaryPrefix = 'Linked',
  ): Promise<number> {
    const fresh = await insertLinks(
      trx,
      actor,
      workspaceId,
      crisisId,
      'mention',
      mentions.map(mentionRefKey),
    );
    if (!fresh.length) return 0;
    const refs = fresh.map(parseMentionRefKey);
    await recordCrisisEvent(trx as Db, {
      workspaceId,
      crisisId,
      kind: 'link.mention',
      actor,
      at: clock.now(),
      summary: `${summaryPrefix} ${fresh.length} mention${fresh.length === 1 ? '' : 's'}`,
      data: { mentions: refs.slice(0, 50), count: fresh.length },
    });
    if (deps.onMentionsLinked) await deps.onMentionsLinked(trx, workspaceId, crisisId, refs);
    return fresh.length;
  }

  async function linkStoriesIn(
    trx: Trx,
    actor: Actor,
    workspaceId: string,
    crisisId: string,
    stories: string[],
  ): Promise<{ stories: number; mentions: number }> {
    const fresh = await insertLinks(trx, actor, workspaceId, crisisId, 'story', stories);
    if (!fresh.length) return { stories: 0, mentions: 0 };
    await recordCrisisEvent(trx as Db, {
      workspaceId,
      crisisId,
      kind: 'link.story',
      actor,
      at: clock.now(),
      summary: `Linked ${fresh.length} stor${fresh.length === 1 ? 'y' : 'ies'}`,
      data: { stories: fresh },
    });
    // A story is a cluster of mentions: its mentions join the crisis (and the response queue) too.
    const rows = await trx
      .selectFrom('mentions')
      .select(['source', 'external_id'])
      .where('workspace_id', '=', workspaceId)
      .where('story_id', 'in', fresh)
      .orderBy('created_at')
      .limit(MAX_LINK)
      .execute();
    const mentions = await linkMentionsIn(
      trx,
      actor,
      workspaceId,
      crisisId,
      rows.map((r) => ({ source: r.source, externalId: r.external_id })),
      'Linked (through the stories)',
    );
    return { stories: fresh.length, mentions };
  }

  async function uniqueSlug(trx: Trx, title: string): Promise<string> {
    const base = slugify(title).slice(0, 40).replace(/-+$/, '') || 'statement';
    for (;;) {
      // A random suffix: the page is public, but unpublished crises must not be guessable by their title.
      const slug = `${base}-${newId('x').slice(-8)}`;
      const taken = await trx.selectFrom('crises').select('id').where('slug', '=', slug).executeTakeFirst();
      if (!taken) return slug;
    }
  }

  async function open(
    workspaceId: string,
    input: OpenCrisisInput,
    actor: Actor,
    origin: CrisisOrigin = input.alertId ? 'alert' : input.mentions?.length ? 'mention' : 'manual',
    alert?: AlertView,
  ): Promise<CrisisView> {
    if (input.alertId && !alert) {
      const alerts = deps.alerts?.();
      if (!alerts) throw errors.unavailable('Alerts are not available here.');
      alert = await alerts.get(workspaceId, input.alertId);
    }
    const fromAlert = alert ? alertFacts(alert) : undefined;
    const type: CrisisType = input.type ?? alert?.suggestedCrisisType ?? 'unknown';
    const severity: Severity = input.severity ?? alert?.severity ?? 2;
    const category = input.category ?? fromAlert?.category ?? null;
    const brandId = input.brandId ?? alert?.brandId ?? null;
    const title = (input.title ?? alert?.title ?? 'Untitled crisis').slice(0, 300);
    const playbook = await choosePlaybook(workspaceId, input, type, severity, category);
    const assignments = await defaultAssignments(workspaceId, playbookRoles(playbook));
    const commander =
      input.commanderId ?? assignments.find((a) => a.role === 'crisis_lead')?.personId ?? null;
    const now = clock.now();
    const id = newId('crs');

    const row = await db.transaction().execute(async (trx) => {
      const linkedMentions = input.mentions?.length
        ? await existingMentions(trx, workspaceId, input.mentions)
        : [];
      const row: CrisesTable = {
        id,
        workspace_id: workspaceId,
        brand_id: brandId,
        title,
        type,
        category,
        severity,
        status: 'detected',
        commander_id: commander,
        playbook_id: playbook?.id ?? null,
        playbook_key: playbook?.key ?? null,
        playbook_version: playbook?.version ?? null,
        is_drill: input.isDrill ? 1 : 0,
        origin,
        slug: await uniqueSlug(trx, title),
        variables: JSON.stringify(input.variables ?? {}),
        assignments: JSON.stringify(assignments),
        opened_by: actor.label,
        opened_at: now,
        status_changed_at: now,
        resolved_at: null,
        version: 1,
        updated_at: now,
      };
      await trx.insertInto('crises').values(row).execute();
      await audit(trx, actor, workspaceId, 'crisis.open', id, {
        title,
        type,
        severity,
        origin,
        playbook: playbook ? `${playbook.key}@${playbook.version}` : null,
        alertId: alert?.id ?? null,
        isDrill: Boolean(input.isDrill),
      });
      await recordCrisisEvent(trx, {
        workspaceId,
        crisisId: id,
        kind: 'crisis.opened',
        actor,
        at: now,
        summary: `${input.isDrill ? '[DRILL] ' : ''}Crisis opened ${originText[origin]}: ${title} (severity ${severity}, ${type})`,
        data: {
          origin,
          alertId: alert?.id ?? null,
          playbook: playbook ? { key: playbook.key, version: playbook.version } : null,
          assignments,
        },
      });
      if (alert) {
        await insertLinks(trx, actor, workspaceId, id, 'alert', [alert.id]);
        await recordCrisisEvent(trx, {
          workspaceId,
          crisisId: id,
          kind: 'link.alert',
          actor,
          at: now,
          summary: `Linked alert: ${alert.title}`,
          data: { alertId: alert.id },
        });
      }
      if (playbook) await instantiateTasks(trx, actor, row, playbook, assignments);
      // Mentions named by the caller must exist; the alert's evidence may point at ones not stored here.
      const alertMentions = fromAlert?.mentions.length
        ? await knownMentions(trx, workspaceId, fromAlert.mentions)
        : [];
      await linkMentionsIn(trx, actor, workspaceId, id, [...linkedMentions, ...alertMentions]);
      if (input.stories?.length) await linkStoriesIn(trx, actor, workspaceId, id, input.stories);
      return row;
    });
    if (playbook) notifyTeam(row, playbook, assignments, actor);
    return view(row);
  }

  async function knownMentions(trx: Trx, workspaceId: string, refs: MentionRef[]): Promise<MentionRef[]> {
    const out: MentionRef[] = [];
    for (const ref of refs) {
      const row = await trx
        .selectFrom('mentions')
        .select('seq')
        .where('workspace_id', '=', workspaceId)
        .where('source', '=', ref.source)
        .where('external_id', '=', ref.externalId)
        .executeTakeFirst();
      if (row) out.push(ref);
    }
    return out;
  }

  async function instantiateTasks(
    trx: Trx,
    actor: Actor,
    crisis: CrisesTable,
    playbook: StoredPlaybookLike,
    assignments: Assignment[],
  ): Promise<void> {
    const now = clock.now();
    const rows = playbook.spec.steps.map((step, position) => {
      const assignee = assignments.find((a) => a.role === step.owner);
      return {
        id: newId('tsk'),
        workspace_id: crisis.workspace_id,
        crisis_id: crisis.id,
        position,
        step_id: step.id,
        kind: step.kind,
        title: step.title.slice(0, 300),
        details: step.details ?? null,
        owner_role: step.owner,
        assignee_id: assignee?.personId ?? null,
        assignee_name: assignee?.name ?? null,
        statement_kind: step.statement ?? null,
        notify_roles: step.notify?.length ? JSON.stringify(step.notify) : null,
        due_at: crisis.opened_at + Math.round(step.dueMinutes * 60_000),
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
    });
    if (rows.length) await trx.insertInto('crisis_tasks').values(rows).execute();
    await recordCrisisEvent(trx as Db, {
      workspaceId: crisis.workspace_id,
      crisisId: crisis.id,
      kind: 'task.created',
      actor,
      at: now,
      summary: `Playbook "${playbook.spec.name}" (v${playbook.version}) instantiated: ${rows.length} task${rows.length === 1 ? '' : 's'}`,
      data: {
        playbook: { id: playbook.id, key: playbook.key, version: playbook.version },
        tasks: rows.map((r) => ({ id: r.id, title: r.title, ownerRole: r.owner_role, dueAt: r.due_at })),
      },
    });
  }

  /** Sends the playbook's notify_people steps to the people holding those roles, after the commit. */
  function notifyTeam(
    crisis: CrisesTable,
    playbook: StoredPlaybookLike,
    assignments: Assignment[],
    actor: Actor,
  ): void {
    const notifier = deps.notifier;
    const team = deps.team();
    if (!notifier || !team) return;
    background(
      (async () => {
        const tasks = await db
          .selectFrom('crisis_tasks')
          .selectAll()
          .where('crisis_id', '=', crisis.id)
          .orderBy('position')
          .execute();
        const plan = await planNotifications(team, crisis, playbook, assignments, tasks);
        for (const item of plan) {
          const outcome = await notifier.send(item, crisis, deps.publicUrl);
          const at = clock.now();
          await db.transaction().execute(async (trx) => {
            await recordCrisisEvent(trx, {
              workspaceId: crisis.workspace_id,
              crisisId: crisis.id,
              kind: outcome.ok ? 'notification.sent' : 'notification.failed',
              actor,
              at,
              summary: outcome.ok
                ? `Notified ${item.person.name} (${item.roles.join(', ')}) by ${outcome.channels.join(', ')}`
                : `Could not notify ${item.person.name} (${item.roles.join(', ')}): ${outcome.error}`,
              data: { personId: item.person.id, roles: item.roles, ...outcome },
            });
            if (item.stepTaskIds.length) {
              await trx
                .updateTable('crisis_tasks')
                .set({
                  status: 'done',
                  done_at: at,
                  done_by: actor.label,
                  note: 'sent by Firebreak',
                  updated_at: at,
                })
                .where('id', 'in', item.stepTaskIds)
                .where('status', '!=', 'done')
                .execute();
            }
          });
        }
        const notifyTaskIds = tasks.filter((t) => t.kind === 'notify_people').map((t) => t.id);
        if (notifyTaskIds.length) {
          await recordCrisisEvent(db, {
            workspaceId: crisis.workspace_id,
            crisisId: crisis.id,
            kind: 'task.done',
            actor,
            at: clock.now(),
            summary: `Notification step${notifyTaskIds.length === 1 ? '' : 's'} sent to ${plan.length} ${plan.length === 1 ? 'person' : 'people'}`,
            data: { taskIds: notifyTaskIds, people: plan.map((p) => p.person.id) },
          });
        }
      })(),
      'crisis team notification failed',
      crisis.id,
    );
  }

  const service = {
    open: (workspaceId: string, input: OpenCrisisInput, actor: Actor) => open(workspaceId, input, actor),

    /** The alerts module's `openCrisis` hook: an escalated alert opens a crisis with the alert's facts. */
    async openFromAlert(alert: AlertView, actor: Actor): Promise<string> {
      const crisis = await open(alert.workspaceId, { alertId: alert.id }, actor, 'alert', alert);
      return crisis.id;
    },

    async get(workspaceId: string, id: string): Promise<CrisisView> {
      return view(await loadRow(db, workspaceId, id));
    },

    async list(workspaceId: string, q: CrisisListQuery): Promise<CrisisView[]> {
      let query = db.selectFrom('crises').selectAll().where('workspace_id', '=', workspaceId);
      if (q.status?.length) query = query.where('status', 'in', q.status);
      if (q.brandId) query = query.where('brand_id', '=', q.brandId);
      if (q.includeDrills === false) query = query.where('is_drill', '=', 0);
      if (q.before !== undefined) query = query.where('opened_at', '<', q.before);
      const rows = await query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
      return rows.map(view);
    },

    /** The crisis a public page slug names (any workspace), or undefined. */
    async bySlug(slug: string): Promise<CrisisView | undefined> {
      const row = await db.selectFrom('crises').selectAll().where('slug', '=', slug).executeTakeFirst();
      return row ? view(row) : undefined;
    },

    async transition(
      workspaceId: string,
      id: string,
      to: CrisisStatus,
      actor: Actor,
      note?: string,
    ): Promise<CrisisView> {
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, workspaceId, id);
        const from = row.status as CrisisStatus;
        checkTransition(from, to);
        const now = clock.now();
        const next: CrisesTable = {
          ...row,
          status: to,
          status_changed_at: now,
          resolved_at: to === 'resolved' ? now : to === 'responding' ? null : row.resolved_at,
          updated_at: now,
        };
        await saveRow(trx, row, next);
        await audit(trx, actor, workspaceId, 'crisis.status', id, { status: to, note }, { status: from });
        await recordCrisisEvent(trx, {
          workspaceId,
          crisisId: id,
          kind: 'crisis.status',
          actor,
          at: now,
          summary: `Status ${from} → ${to}${note ? `: ${note}` : ''}`,
          data: { from, to, ...(note ? { note } : {}) },
        });
        return view(next);
      });
    },

    async update(workspaceId: string, id: string, patch: CrisisPatch, actor: Actor): Promise<CrisisView> {
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, workspaceId, id);
        const now = clock.now();
        const variables = JSON.parse(row.variables) as Record<string, string>;
        for (const [k, v] of Object.entries(patch.variables ?? {})) {
          if (v === null) delete variables[k];
          else variables[k] = v;
        }
        const next: CrisesTable = {
          ...row,
          title: patch.title ?? row.title,
          type: patch.type ?? row.type,
          category: patch.category === undefined ? row.category : patch.category,
          severity: patch.severity ?? row.severity,
          commander_id: patch.commanderId === undefined ? row.commander_id : patch.commanderId,
          variables: JSON.stringify(variables),
          updated_at: now,
        };
        const changed = (
          ['title', 'type', 'category', 'severity', 'commander_id', 'variables'] as const
        ).filter((k) => next[k] !== row[k]);
        if (!changed.length) return view(row);
        await saveRow(trx, row, next);
        const before = Object.fromEntries(changed.map((k) => [k, row[k]]));
        const after = Object.fromEntries(changed.map((k) => [k, next[k]]));
        await audit(trx, actor, workspaceId, 'crisis.update', id, after, before);
        await recordCrisisEvent(trx, {
          workspaceId,
          crisisId: id,
          kind: 'crisis.updated',
          actor,
          at: now,
          summary: `Changed ${changed.map((k) => fieldNames[k]).join(', ')}`,
          data: { before, after },
        });
        return view(next);
      });
    },

    /** Puts a person from the team roster in a crisis role (replacing whoever held it on this crisis). */
    async assign(
      workspaceId: string,
      id: string,
      role: string,
      personId: string,
      actor: Actor,
    ): Promise<CrisisView> {
      const person = await personForRole(workspaceId, role, personId);
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, workspaceId, id);
        const now = clock.now();
        const assignments = (JSON.parse(row.assignments) as Assignment[]).filter((a) => a.role !== role);
        assignments.push({ role, personId: person.id, name: person.name });
        const next: CrisesTable = { ...row, assignments: JSON.stringify(assignments), updated_at: now };
        if (role === 'crisis_lead' && !row.commander_id) next.commander_id = person.id;
        await saveRow(trx, row, next);
        await audit(trx, actor, workspaceId, 'crisis.assign', id, { role, personId: person.id });
        await recordCrisisEvent(trx, {
          workspaceId,
          crisisId: id,
          kind: 'crisis.assigned',
          actor,
          at: now,
          summary: `${person.name} is ${role} for this crisis`,
          data: { role, personId: person.id },
        });
        return view(next);
      });
    },

    async addNote(workspaceId: string, id: string, text: string, actor: Actor): Promise<{ id: string }> {
      return db.transaction().execute(async (trx) => {
        await loadRow(trx, workspaceId, id);
        const now = clock.now();
        const eventId = await recordCrisisEvent(trx, {
          workspaceId,
          crisisId: id,
          kind: 'note',
          actor,
          at: now,
          summary: text,
        });
        await audit(trx, actor, workspaceId, 'crisis.note', id, { eventId, text: text.slice(0, 500) });
        return { id: eventId };
      });
    },

    async linkMentions(
      workspaceId: string,
      id: string,
      mentions: MentionRef[],
      actor: Actor,
    ): Promise<{ linked: number }> {
      if (mentions.length > MAX_LINK) throw errors.badRequest(`Link at most ${MAX_LINK} mentions at once.`);
      return db.transaction().execute(async (trx) => {
        await loadRow(trx, workspaceId, id);
        const known = await existingMentions(trx, workspaceId, mentions);
        const linked = await linkMentionsIn(trx, actor, workspaceId, id, known);
        if (linked) await audit(trx, actor, workspaceId, 'crisis.link_mentions', id, { count: linked });
        return { linked };
      });
    },

    async linkStories(
      workspaceId: string,
      id: string,
      stories: string[],
      actor: Actor,
    ): Promise<{ linked: number; mentions: number }> {
      return db.transaction().execute(async (trx) => {
        await loadRow(trx, workspaceId, id);
        const out = await linkStoriesIn(trx, actor, workspaceId, id, stories);
        if (out.stories)
          await audit(trx, actor, workspaceId, 'crisis.link_stories', id, {
            stories,
            mentions: out.mentions,
          });
        return { linked: out.stories, mentions: out.mentions };
      });
    },

    async linkAlert(
      workspaceId: string,
      id: string,
      alertId: string,
      actor: Actor,
    ): Promise<{ linked: number }> {
      const alert = await deps.alerts?.()?.get(workspaceId, alertId);
      if (!alert) throw errors.notFound(`Alert ${alertId}`);
      return db.transaction().execute(async (trx) => {
        await loadRow(trx, workspaceId, id);
        const fresh = await insertLinks(trx, actor, workspaceId, id, 'alert', [alertId]);
        if (fresh.length) {
          await recordCrisisEvent(trx, {
            workspaceId,
            crisisId: id,
            kind: 'link.alert',
            actor,
            at: clock.now(),
            summary: `Linked alert: ${alert.title}`,
            data: { alertId },
          });
          await audit(trx, actor, workspaceId, 'crisis.link_alert', id, { alertId });
        }
        return { linked: fresh.length };
      });
    },

    async links(workspaceId: string, id: string): Promise<CrisisLinks> {
      await loadRow(db, workspaceId, id);
      const rows = await db
        .selectFrom('crisis_links')
        .selectAll()
        .where('crisis_id', '=', id)
        .orderBy('linked_at')
        .orderBy('ref')
        .execute();
      const out: CrisisLinks = { alerts: [], stories: [], mentions: [] };
      for (const r of rows) {
        const meta = { linkedAt: Number(r.linked_at), linkedBy: r.linked_by };
        if (r.kind === 'alert') out.alerts.push({ id: r.ref, ...meta });
        else if (r.kind === 'story') out.stories.push({ id: r.ref, ...meta });
        else out.mentions.push({ ...parseMentionRefKey(r.ref), ...meta });
      }
      return out;
    },

    /** Crises a mention is linked to (the inbox, the mention view). */
    async crisesOfMention(workspaceId: string, mention: MentionRef): Promise<string[]> {
      const rows = await db
        .selectFrom('crisis_links')
        .select('crisis_id')
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', 'mention')
        .where('ref', '=', mentionRefKey(mention))
        .execute();
      return rows.map((r) => r.crisis_id);
    },

    async timeline(workspaceId: string, id: string, q: TimelineQuery = {}) {
      await loadRow(db, workspaceId, id);
      return listCrisisEvents(db, workspaceId, id, q);
    },

    /** Template variables of a crisis: the built-in ones, then the crisis's own (which win). */
    async variables(workspaceId: string, id: string): Promise<Record<string, string>> {
      const row = await loadRow(db, workspaceId, id);
      const brand = row.brand_id ? await deps.brand?.(workspaceId, row.brand_id) : undefined;
      const own = JSON.parse(row.variables) as Record<string, string>;
      const builtIn: Record<string, string> = {
        crisis_title: row.title,
        statement_url: view(row).publicUrl,
        date: new Date(clock.now()).toISOString().slice(0, 10),
      };
      if (brand) Object.assign(builtIn, brandVariables(brand.name, brand.aliases));
      return { ...builtIn, ...own, statement_url: builtIn.statement_url! };
    },

    /** Resolves when every notification started so far has finished (tests, shutdown). */
    async drain(): Promise<void> {
      while (inflight.size) await Promise.all([...inflight]);
    },
  };
  return service;
}

const originText: Record<CrisisOrigin, string> = {
  manual: 'by hand',
  alert: 'from an alert',
  mention: 'from a mention',
};

const fieldNames: Record<string, string> = {
  title: 'title',
  type: 'type',
  category: 'category',
  severity: 'severity',
  commander_id: 'commander',
  variables: 'variables',
};

/** What an alert's evidence says about the problem: the reported category and its top mentions. */
function alertFacts(alert: AlertView): { category: string | null; mentions: MentionRef[] } {
  let category: string | null = null;
  const mentions: MentionRef[] = [];
  for (const entry of Object.values(alert.evidence ?? {})) {
    const evidence = (entry?.evidence ?? {}) as Record<string, unknown>;
    if (!category && typeof evidence.problem === 'string') category = evidence.problem;
    const top = evidence.topMentions;
    if (Array.isArray(top)) {
      for (const m of top as Array<{ source?: unknown; id?: unknown }>) {
        if (typeof m?.source === 'string' && typeof m.id === 'string') {
          mentions.push({ source: m.source, externalId: m.id });
        }
      }
    }
  }
  return { category, mentions: mentions.slice(0, 50) };
}

/**
 * `brand`, and `brand:<lang>` from the first alias written in a script that names one language here
 * (Hebrew, Arabic, Han, Cyrillic for Russian), so a Hebrew statement says אקמה אייר, not Acme Air. The
 * crisis's own `brand:<lang>` still wins.
 */
const aliasScripts: Array<[RegExp, string]> = [
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Cyrillic}/u, 'ru'],
];

export function brandVariables(name: string, aliases: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { brand: name };
  for (const [script, lang] of aliasScripts) {
    const alias = aliases.find((a) => script.test(a) && !/^[#@]/.test(a.trim()));
    if (alias && !script.test(name)) out[`brand:${lang}`] = alias.trim();
  }
  return out;
}
