/**
 * Statements: drafted from the playbook's templates (rendered with the crisis variables), edited into
 * new versions, approved per exact version by the people holding the required crisis roles, published
 * (the first time as the statement, then as dated updates). The approval chain is enforced here, not in
 * the routes: whoever calls the service gets the same refusals. Every write is audited and on the crisis
 * timeline in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Role } from '../../domain/entities.ts';
import { roleRank } from '../../domain/entities.ts';
import { errors, FirebreakError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { renderTemplate, variablesForLang } from '../../domain/template.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import type {
  CrisesService,
  CrisisView,
  PlaybookCatalog,
  TasksService,
  TeamDirectory,
} from '../crises/index.ts';
import { recordCrisisEvent } from '../crises/index.ts';
import {
  type ApprovalRecord,
  diffVersions,
  kindTitles,
  missingVariables,
  publicLanguages,
  publicVariant,
  readiness,
  sameSlot,
  slotsToApprove,
  stateOf,
  type Variant,
  type VariantDiff,
} from './statements.model.ts';
import type { StatementsTable, StatementVersionsTable } from './statements.tables.ts';

type Db = Kysely<Database>;

export interface StatementsServiceDeps {
  db: Db;
  clock: Clock;
  crises: Pick<CrisesService, 'get' | 'variables' | 'bySlug'>;
  tasks: Pick<TasksService, 'completeSteps'>;
  team: () => TeamDirectory | undefined;
  playbooks: () => PlaybookCatalog | undefined;
}

export interface DraftInput {
  kind: string;
  /** Only these channels / languages of the playbook's templates (all when omitted). */
  channels?: string[];
  langs?: string[];
  /** A playbook other than the crisis's own to take the templates from. */
  playbookKey?: string;
  title?: string;
  /** Text written by hand instead of (or on top of) the templates. */
  variants?: Variant[];
  /** Approval roles when no playbook defines this kind (at least one). */
  approvals?: string[];
}

export interface EditInput {
  /** The version the editor started from: an edit on a stale version is refused. */
  baseVersion: number;
  /** Variants to set (replacing the same channel + language). */
  variants?: Variant[];
  /** Variants to drop. */
  remove?: Array<{ channel: string; lang: string }>;
  title?: string;
  note?: string;
}

/** Who acts, with their workspace role (the approval rule needs both). */
export interface StatementActor extends Actor {
  role: Role;
}

export interface StatementSummary {
  id: string;
  crisisId: string;
  kind: string;
  title: string;
  state: ReturnType<typeof stateOf>;
  currentVersion: number;
  publishedVersion: number | null;
  requiredApprovals: string[];
  missingApprovals: string[];
  missingVariables: string[];
  languages: string[];
  firstPublishedAt: number | null;
  lastPublishedAt: number | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface StatementDetail extends StatementSummary {
  variants: Variant[];
  approvals: ApprovalRecord[];
  versions: Array<{ version: number; createdBy: string; createdAt: number; note: string | null }>;
  publications: Publication[];
}

export interface Publication {
  id: string;
  statementId: string;
  version: number;
  isUpdate: boolean;
  note: string | null;
  publishedBy: string;
  at: number;
}

export interface CurrentWording {
  statementId: string;
  version: number;
  kind: string;
  lang: string;
  channel: string;
  title: string | null;
  text: string;
  url: string;
  publishedAt: number;
}

export interface PublicEntry {
  statementId: string;
  kind: string;
  title: string;
  version: number;
  isUpdate: boolean;
  at: number;
  variants: Variant[];
}

export interface PublicPage {
  /** Not the crisis title: that is internal. The page is titled by its statements. */
  crisis: Pick<CrisisView, 'isDrill' | 'slug' | 'publicUrl'>;
  languages: string[];
  /** Newest first. */
  entries: PublicEntry[];
}

export type StatementsService = ReturnType<typeof createStatementsService>;

export function createStatementsService(deps: StatementsServiceDeps) {
  const { db, clock } = deps;

  async function loadRow(trx: Db, workspaceId: string, id: string): Promise<StatementsTable> {
    const row = await trx
      .selectFrom('statements')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Statement ${id}`);
    return row;
  }

  async function versionRow(trx: Db, id: string, version: number): Promise<StatementVersionsTable> {
    const row = await trx
      .selectFrom('statement_versions')
      .selectAll()
      .where('statement_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Version ${version} of statement ${id}`);
    return row;
  }

  async function approvalsOf(trx: Db, id: string, version?: number): Promise<ApprovalRecord[]> {
    let q = trx.selectFrom('statement_approvals').selectAll().where('statement_id', '=', id);
    if (version !== undefined) q = q.where('version', '=', version);
    const rows = await q.orderBy('at').orderBy('version').orderBy('role').execute();
    return rows.map((r) => ({
      role: r.role,
      version: Number(r.version),
      userId: r.user_id,
      approver: r.approver,
      comment: r.comment,
      at: Number(r.at),
    }));
  }

  async function summarize(
    trx: Db,
    row: StatementsTable,
  ): Promise<StatementSummary & { variants: Variant[] }> {
    const current = Number(row.current_version);
    const version = await versionRow(trx, row.id, current);
    const approvals = await approvalsOf(trx, row.id, current);
    const required = JSON.parse(row.required_approvals) as string[];
    const report = readiness(required, approvals, current, JSON.parse(version.missing) as string[]);
    const variants = JSON.parse(version.variants) as Variant[];
    const published = row.published_version === null ? null : Number(row.published_version);
    return {
      id: row.id,
      crisisId: row.crisis_id,
      kind: row.kind,
      title: row.title,
      state: stateOf(current, published, report, approvals.length),
      currentVersion: current,
      publishedVersion: published,
      requiredApprovals: required,
      missingApprovals: report.missingApprovals,
      missingVariables: report.missingVariables,
      languages: [...new Set(variants.map((v) => v.lang))],
      firstPublishedAt: row.first_published_at === null ? null : Number(row.first_published_at),
      lastPublishedAt: row.last_published_at === null ? null : Number(row.last_published_at),
      createdBy: row.created_by,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      variants,
    };
  }

  async function detail(trx: Db, row: StatementsTable): Promise<StatementDetail> {
    const summary = await summarize(trx, row);
    const versions = await trx
      .selectFrom('statement_versions')
      .select(['version', 'created_by', 'created_at', 'note'])
      .where('statement_id', '=', row.id)
      .orderBy('version')
      .execute();
    return {
      ...summary,
      approvals: await approvalsOf(trx, row.id),
      versions: versions.map((v) => ({
        version: Number(v.version),
        createdBy: v.created_by,
        createdAt: Number(v.created_at),
        note: v.note,
      })),
      publications: await publicationsOf(trx, row.workspace_id, { statementId: row.id }),
    };
  }

  async function publicationsOf(
    trx: Db,
    workspaceId: string,
    where: { statementId?: string; crisisId?: string },
  ): Promise<Publication[]> {
    let q = trx.selectFrom('statement_publications').selectAll().where('workspace_id', '=', workspaceId);
    if (where.statementId) q = q.where('statement_id', '=', where.statementId);
    if (where.crisisId) q = q.where('crisis_id', '=', where.crisisId);
    const rows = await q.orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      statementId: r.statement_id,
      version: Number(r.version),
      isUpdate: Number(r.is_update) === 1,
      note: r.note,
      publishedBy: r.published_by,
      at: Number(r.at),
    }));
  }

  /** Appends a version (the edit that resets approvals: they belong to the version they were given on). */
  async function addVersion(
    trx: Db,
    row: StatementsTable,
    variants: Variant[],
    actor: Actor,
    note: string | null,
    title: string,
  ): Promise<number> {
    const missing = missingVariables(variants);
    const version = Number(row.current_version) + 1;
    const now = clock.now();
    const result = await trx
      .updateTable('statements')
      .set({ current_version: version, title, updated_at: now })
      .where('id', '=', row.id)
      .where('current_version', '=', row.current_version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw errors.conflict('This statement changed meanwhile; reload it and edit the newest version.');
    }
    await trx
      .insertInto('statement_versions')
      .values({
        statement_id: row.id,
        version,
        workspace_id: row.workspace_id,
        variants: JSON.stringify(variants),
        missing: JSON.stringify(missing),
        note,
        created_by: actor.label,
        created_at: now,
      })
      .execute();
    return version;
  }

  async function templatesFor(
    workspaceId: string,
    crisis: CrisisView,
    input: DraftInput,
  ): Promise<{ approvals: string[]; templates: Variant[] } | undefined> {
    const key = input.playbookKey ?? crisis.playbook?.key;
    if (!key) return undefined;
    const catalog = deps.playbooks();
    const version = input.playbookKey ? undefined : crisis.playbook?.version;
    const playbook = catalog ? await catalog.get(workspaceId, key, version) : null;
    if (!playbook) {
      if (input.playbookKey) throw errors.badRequest(`There is no playbook "${key}" in this workspace.`);
      return undefined;
    }
    const statement = playbook.spec.statements.find((s) => s.kind === input.kind);
    if (!statement) return undefined;
    const templates = statement.templates
      .filter((t) => !input.channels?.length || input.channels.includes(t.channel))
      .filter((t) => !input.langs?.length || input.langs.includes(t.lang))
      .map((t) => ({ channel: t.channel, lang: t.lang, title: t.title ?? null, body: t.body }) as Variant);
    return { approvals: statement.approvals, templates };
  }

  function render(variants: Variant[], variables: Record<string, string>): Variant[] {
    return variants.map((v) => {
      const own = variablesForLang(variables, v.lang);
      return {
        ...v,
        title: v.title === null ? null : renderTemplate(v.title, own).text,
        body: renderTemplate(v.body, own).text,
      };
    });
  }

  async function timeline(
    trx: Db,
    actor: Actor,
    row: StatementsTable,
    kind: string,
    summary: string,
    data: Record<string, unknown>,
  ) {
    await recordCrisisEvent(trx, {
      workspaceId: row.workspace_id,
      crisisId: row.crisis_id,
      kind,
      actor,
      at: clock.now(),
      summary,
      data: { statementId: row.id, statementKind: row.kind, ...data },
    });
  }

  async function audit(trx: Db, actor: Actor, row: StatementsTable, action: string, after: unknown) {
    await recordAudit(trx, actor, clock.now(), {
      workspaceId: row.workspace_id,
      action: `statement.${action}`,
      subjectType: 'statement',
      subjectId: row.id,
      after,
    });
  }

  const service = {
    async draft(
      workspaceId: string,
      crisisId: string,
      input: DraftInput,
      actor: Actor,
    ): Promise<StatementDetail> {
      const crisis = await deps.crises.get(workspaceId, crisisId);
      const fromPlaybook = await templatesFor(workspaceId, crisis, input);
      if (!fromPlaybook?.templates.length && !input.variants?.length) {
        const where = fromPlaybook
          ? 'its playbook has no template for these channels and languages'
          : crisis.playbook || input.playbookKey
            ? `its playbook has no "${input.kind}" statement`
            : 'the crisis has no playbook';
        throw errors.badRequest(`Nothing to draft from: ${where}. Send the text as variants.`);
      }
      const variables = await deps.crises.variables(workspaceId, crisisId);
      const variants: Variant[] = render(fromPlaybook?.templates ?? [], variables);
      for (const v of input.variants ?? []) {
        const i = variants.findIndex((x) => sameSlot(x, v));
        if (i >= 0) variants[i] = v;
        else variants.push(v);
      }
      const approvals = fromPlaybook?.approvals.length ? fromPlaybook.approvals : (input.approvals ?? []);
      if (!approvals.length) {
        throw errors.badRequest(
          'A statement needs at least one approval role: give `approvals` (e.g. ["spokesperson", "legal"]).',
        );
      }
      const missing = missingVariables(variants);
      const now = clock.now();
      const title = (
        input.title ??
        variants.find((v) => v.title)?.title ??
        kindTitles[input.kind] ??
        input.kind
      ).slice(0, 300);
      const row: StatementsTable = {
        id: newId('stm'),
        workspace_id: workspaceId,
        crisis_id: crisisId,
        kind: input.kind,
        title,
        required_approvals: JSON.stringify([...new Set(approvals)]),
        current_version: 1,
        published_version: null,
        first_published_at: null,
        last_published_at: null,
        created_by: actor.label,
        created_at: now,
        updated_at: now,
      };
      return db.transaction().execute(async (trx) => {
        await trx.insertInto('statements').values(row).execute();
        await trx
          .insertInto('statement_versions')
          .values({
            statement_id: row.id,
            version: 1,
            workspace_id: workspaceId,
            variants: JSON.stringify(variants),
            missing: JSON.stringify(missing),
            note: fromPlaybook ? 'drafted from the playbook templates' : null,
            created_by: actor.label,
            created_at: now,
          })
          .execute();
        const langs = [...new Set(variants.map((v) => v.lang))];
        await audit(trx, actor, row, 'draft', {
          crisisId,
          kind: row.kind,
          version: 1,
          languages: langs,
          channels: [...new Set(variants.map((v) => v.channel))],
          missingVariables: missing,
        });
        await timeline(
          trx,
          actor,
          row,
          'statement.drafted',
          `Drafted ${row.title} (${row.kind}, ${langs.join('/')})${missing.length ? `; missing ${missing.join(', ')}` : ''}`,
          { version: 1, missingVariables: missing },
        );
        await deps.tasks.completeSteps(
          trx,
          workspaceId,
          crisisId,
          'draft_statement',
          row.kind,
          actor,
          `drafted ${row.title}`,
        );
        return detail(trx, row);
      });
    },

    async edit(workspaceId: string, id: string, input: EditInput, actor: Actor): Promise<StatementDetail> {
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, workspaceId, id);
        if (input.baseVersion !== Number(row.current_version)) {
          throw errors.conflict(
            `You edited version ${input.baseVersion}, but version ${row.current_version} is current; reload it.`,
          );
        }
        const current = await versionRow(trx, id, Number(row.current_version));
        let variants = JSON.parse(current.variants) as Variant[];
        for (const r of input.remove ?? []) variants = variants.filter((v) => !sameSlot(v, r));
        for (const v of input.variants ?? []) {
          const i = variants.findIndex((x) => sameSlot(x, v));
          if (i >= 0) variants[i] = v;
          else variants.push(v);
        }
        if (!variants.length) throw errors.badRequest('A statement needs at least one text.');
        const title = input.title ?? row.title;
        if (JSON.stringify(variants) === current.variants && title === row.title) {
          throw errors.badRequest('Nothing changed: the text is the same as the current version.');
        }
        const version = await addVersion(trx, row, variants, actor, input.note ?? null, title);
        const discarded = await approvalsOf(trx, id, Number(row.current_version));
        const changes = diffVersions(JSON.parse(current.variants) as Variant[], variants)
          .filter((d) => d.change !== 'same')
          .map((d) => `${d.channel}/${d.lang} ${d.change}`);
        await audit(trx, actor, row, 'edit', {
          version,
          from: Number(row.current_version),
          changes,
          note: input.note ?? null,
          approvalsReset: discarded.map((a) => a.role),
        });
        await timeline(
          trx,
          actor,
          row,
          'statement.edited',
          `Edited ${row.title}: version ${version} (${changes.join(', ') || 'title'})${discarded.length ? `; approvals by ${discarded.map((a) => a.role).join(', ')} reset` : ''}`,
          { version, changes, approvalsReset: discarded.map((a) => a.role) },
        );
        return detail(trx, { ...row, current_version: version, title });
      });
    },

    /** A new version with the crisis variables filled into the current text (after they were set). */
    async fill(workspaceId: string, id: string, baseVersion: number, actor: Actor): Promise<StatementDetail> {
      const row = await loadRow(db, workspaceId, id);
      const current = await versionRow(db, id, Number(row.current_version));
      const variables = await deps.crises.variables(workspaceId, row.crisis_id);
      const filled = render(JSON.parse(current.variants) as Variant[], variables);
      return service.edit(
        workspaceId,
        id,
        { baseVersion, variants: filled, note: 'variables filled in' },
        actor,
      );
    },

    async approve(
      workspaceId: string,
      id: string,
      input: { version: number; role?: string; comment?: string },
      actor: StatementActor,
    ): Promise<StatementDetail> {
      if (roleRank[actor.role] < roleRank.approver || !actor.userId) {
        throw errors.forbidden(`Approving a statement needs the approver role; you are ${actor.role}.`);
      }
      const team = deps.team();
      const held = team ? await team.rolesOfUser(workspaceId, actor.userId) : [];
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, workspaceId, id);
        const current = Number(row.current_version);
        if (input.version !== current) {
          throw errors.conflict(
            `You reviewed version ${input.version}, but version ${current} is current; read it before approving.`,
          );
        }
        if (row.published_version !== null && Number(row.published_version) === current) {
          throw errors.conflict('This version is already published.');
        }
        const required = JSON.parse(row.required_approvals) as string[];
        const given = await approvalsOf(trx, id, current);
        const slots = slotsToApprove(
          required,
          held,
          given.map((a) => a.role),
          input.role,
        );
        const now = clock.now();
        await trx
          .insertInto('statement_approvals')
          .values(
            slots.map((role) => ({
              id: newId('apr'),
              workspace_id: workspaceId,
              statement_id: id,
              version: current,
              role,
              user_id: actor.userId!,
              approver: actor.label,
              comment: input.comment ?? null,
              at: now,
            })),
          )
          .execute();
        const report = readiness(
          required,
          [...given, ...slots.map((role) => ({ role, version: current }) as ApprovalRecord)],
          current,
          [],
        );
        await audit(trx, actor, row, 'approve', {
          version: current,
          roles: slots,
          comment: input.comment ?? null,
          missingApprovals: report.missingApprovals,
        });
        await timeline(
          trx,
          actor,
          row,
          'statement.approved',
          `${actor.label} approved ${row.title} version ${current} as ${slots.join(', ')}${report.missingApprovals.length ? `; still needed: ${report.missingApprovals.join(', ')}` : '; all approvals given'}`,
          {
            version: current,
            roles: slots,
            comment: input.comment ?? null,
            missingApprovals: report.missingApprovals,
          },
        );
        if (!report.missingApprovals.length) {
          await deps.tasks.completeSteps(
            trx,
            workspaceId,
            row.crisis_id,
            'approval',
            row.kind,
            actor,
            `${row.title} v${current} approved`,
          );
        }
        return detail(trx, row);
      });
    },

    async publish(
      workspaceId: string,
      id: string,
      input: { version: number; note?: string },
      actor: StatementActor,
    ): Promise<StatementDetail> {
      if (roleRank[actor.role] < roleRank.approver) {
        throw errors.forbidden(`Publishing a statement needs the approver role; you are ${actor.role}.`);
      }
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, workspaceId, id);
        const current = Number(row.current_version);
        if (input.version !== current) {
          throw errors.conflict(
            `Version ${input.version} is not the current version (${current}); only the current version can be published.`,
          );
        }
        if (row.published_version !== null && Number(row.published_version) === current) {
          throw errors.conflict(`Version ${current} is already published.`);
        }
        const version = await versionRow(trx, id, current);
        const required = JSON.parse(row.required_approvals) as string[];
        const report = readiness(
          required,
          await approvalsOf(trx, id, current),
          current,
          JSON.parse(version.missing) as string[],
        );
        if (!report.ready) {
          const reasons = [
            report.missingApprovals.length
              ? `approval by ${report.missingApprovals.join(', ')} is missing`
              : '',
            report.missingVariables.length
              ? `the variables ${report.missingVariables.join(', ')} have no value`
              : '',
          ].filter(Boolean);
          throw new FirebreakError(
            'conflict',
            `Version ${current} cannot be published: ${reasons.join('; ')}.`,
            {
              missingApprovals: report.missingApprovals,
              missingVariables: report.missingVariables,
            },
          );
        }
        const now = clock.now();
        const isUpdate = row.published_version !== null;
        const result = await trx
          .updateTable('statements')
          .set({
            published_version: current,
            first_published_at: row.first_published_at ?? now,
            last_published_at: now,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('current_version', '=', current)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1)
          throw errors.conflict('This statement changed meanwhile; reload it.');
        await trx
          .insertInto('statement_publications')
          .values({
            id: newId('pub'),
            workspace_id: workspaceId,
            statement_id: id,
            crisis_id: row.crisis_id,
            version: current,
            is_update: isUpdate ? 1 : 0,
            note: input.note ?? null,
            published_by: actor.label,
            at: now,
          })
          .execute();
        const approvals = await approvalsOf(trx, id, current);
        await audit(trx, actor, row, 'publish', {
          version: current,
          isUpdate,
          approvedBy: approvals.map((a) => ({ role: a.role, approver: a.approver, at: a.at })),
          note: input.note ?? null,
        });
        await timeline(
          trx,
          actor,
          row,
          'statement.published',
          `Published ${row.title} version ${current}${isUpdate ? ' as an update' : ''} (approved by ${approvals.map((a) => `${a.role}: ${a.approver}`).join(', ')})`,
          { version: current, isUpdate, approvals },
        );
        await deps.tasks.completeSteps(
          trx,
          workspaceId,
          row.crisis_id,
          'publish',
          row.kind,
          actor,
          `${row.title} v${current} published`,
        );
        return detail(trx, {
          ...row,
          published_version: current,
          first_published_at: row.first_published_at ?? now,
          last_published_at: now,
        });
      });
    },

    async list(workspaceId: string, crisisId: string): Promise<StatementSummary[]> {
      await deps.crises.get(workspaceId, crisisId);
      const rows = await db
        .selectFrom('statements')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('crisis_id', '=', crisisId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const out: StatementSummary[] = [];
      for (const r of rows) {
        const { variants: _, ...summary } = await summarize(db, r);
        out.push(summary);
      }
      return out;
    },

    async get(workspaceId: string, id: string): Promise<StatementDetail> {
      return detail(db, await loadRow(db, workspaceId, id));
    },

    async version(workspaceId: string, id: string, version: number) {
      await loadRow(db, workspaceId, id);
      const v = await versionRow(db, id, version);
      return {
        statementId: id,
        version,
        variants: JSON.parse(v.variants) as Variant[],
        missingVariables: JSON.parse(v.missing) as string[],
        note: v.note,
        createdBy: v.created_by,
        createdAt: Number(v.created_at),
        approvals: await approvalsOf(db, id, version),
      };
    },

    async diff(
      workspaceId: string,
      id: string,
      from: number,
      to: number,
    ): Promise<{ from: number; to: number; variants: VariantDiff[] }> {
      await loadRow(db, workspaceId, id);
      const a = await versionRow(db, id, from);
      const b = await versionRow(db, id, to);
      return { from, to, variants: diffVersions(JSON.parse(a.variants), JSON.parse(b.variants)) };
    },

    /**
     * The current official wording of a crisis: the public statement published last, in `lang` (else
     * its first language), for `channel` (else the site text, else the first public one).
     */
    async current(
      workspaceId: string,
      crisisId: string,
      lang?: string,
      channel?: string,
    ): Promise<CurrentWording | null> {
      const row = await db
        .selectFrom('statements')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('crisis_id', '=', crisisId)
        .where('published_version', 'is not', null)
        .where('kind', '!=', 'internal')
        .orderBy('last_published_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (!row) return null;
      const version = await versionRow(db, row.id, Number(row.published_version));
      const variant = publicVariant(JSON.parse(version.variants) as Variant[], lang, channel);
      if (!variant) return null;
      const crisis = await deps.crises.get(workspaceId, crisisId);
      return {
        statementId: row.id,
        version: Number(row.published_version),
        kind: row.kind,
        lang: variant.lang,
        channel: variant.channel,
        title: variant.title,
        text: variant.body,
        url: crisis.publicUrl,
        publishedAt: Number(row.last_published_at),
      };
    },

    /** Every statement's published wording, internal notes included: what each team reads and says. */
    async official(workspaceId: string, crisisId: string) {
      const rows = await db
        .selectFrom('statements')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('crisis_id', '=', crisisId)
        .where('published_version', 'is not', null)
        .orderBy('last_published_at', 'desc')
        .execute();
      const out = [];
      for (const r of rows) {
        const v = await versionRow(db, r.id, Number(r.published_version));
        out.push({
          statementId: r.id,
          kind: r.kind,
          title: r.title,
          version: Number(r.published_version),
          publishedAt: Number(r.last_published_at),
          variants: JSON.parse(v.variants) as Variant[],
        });
      }
      return out;
    },

    /** Approvals and publications of every statement of a crisis (the export's decision record). */
    async decisions(workspaceId: string, crisisId: string) {
      const statements = await service.list(workspaceId, crisisId);
      const out = [];
      for (const s of statements) {
        out.push({
          statement: s,
          versions: (await service.get(workspaceId, s.id)).versions,
          approvals: await approvalsOf(db, s.id),
          publications: await publicationsOf(db, workspaceId, { statementId: s.id }),
          variants: (await service.get(workspaceId, s.id)).variants,
        });
      }
      return out;
    },

    /** What `/s/<slug>` shows: every publication of the crisis's public statements; undefined before any. */
    async publicPage(slug: string): Promise<PublicPage | undefined> {
      const crisis = await deps.crises.bySlug(slug);
      if (!crisis) return undefined;
      const pubs = await db
        .selectFrom('statement_publications as p')
        .innerJoin('statements as s', 's.id', 'p.statement_id')
        .innerJoin('statement_versions as v', (j) =>
          j.onRef('v.statement_id', '=', 'p.statement_id').onRef('v.version', '=', 'p.version'),
        )
        .select(['p.statement_id', 'p.version', 'p.is_update', 'p.at', 's.kind', 's.title', 'v.variants'])
        .where('p.workspace_id', '=', crisis.workspaceId)
        .where('p.crisis_id', '=', crisis.id)
        .where('s.kind', '!=', 'internal')
        .orderBy('p.at', 'desc')
        .orderBy('p.id', 'desc')
        .execute();
      const entries: PublicEntry[] = pubs
        .map((p) => ({
          statementId: p.statement_id,
          kind: p.kind,
          title: p.title,
          version: Number(p.version),
          isUpdate: Number(p.is_update) === 1,
          at: Number(p.at),
          variants: (JSON.parse(p.variants) as Variant[]).filter((v) => v.channel !== 'internal'),
        }))
        .filter((e) => e.variants.length);
      if (!entries.length) return undefined;
      const languages = [...new Set(entries.flatMap((e) => publicLanguages(e.variants)))];
      return {
        crisis: { isDrill: crisis.isDrill, slug: crisis.slug, publicUrl: crisis.publicUrl },
        languages,
        entries,
      };
    },
  };
  return service;
}
