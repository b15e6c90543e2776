/**
 * The crisis team: people and contacts, crisis roles with their primary holders and ordered deputies,
 * availability, the escalation order, ambassadors and friendly influencers. Every write is audited in
 * the same transaction. `peopleForRole` / `rolesOfUser` / `ambassadors` are what the crises,
 * statements and inbox modules read (CRISIS.md contract).
 */
import type { Kysely, Transaction } from 'kysely';
import { errors } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit } from '../audit/audit.ts';
import {
  type Ambassador,
  type AmbassadorInput,
  type AmbassadorPatch,
  type Availability,
  ambassadorInputSchema,
  ambassadorPatchSchema,
  escalationInputSchema,
  type HoldersInput,
  holdersInputSchema,
  isStandardRole,
  orderHolders,
  type PersonInput,
  type PersonPatch,
  personInputSchema,
  personPatchSchema,
  type RoleHolderView,
  type RoleInput,
  type RolePatch,
  roleInputSchema,
  roleKeySchema,
  rolePatchSchema,
  standardCrisisRoles,
  standardRoleNames,
  type TeamPerson,
  type TeamPersonView,
  type TeamRoleView,
} from './team.model.ts';
import type { TeamAmbassadorsTable, TeamPeopleTable } from './team.tables.ts';

export interface TeamServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
}

type Db = Kysely<Database> | Transaction<Database>;
type HolderRow = { role_key: string; person_id: string; is_primary: number; position: number };

export type TeamService = ReturnType<typeof createTeamService>;

const json = <T>(s: string): T => JSON.parse(s) as T;

export function createTeamService({ db, clock }: TeamServiceDeps) {
  async function holderRows(q: Db, workspaceId: string): Promise<HolderRow[]> {
    return q
      .selectFrom('team_role_holders')
      .select(['role_key', 'person_id', 'is_primary', 'position'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('role_key')
      .orderBy('is_primary', 'desc')
      .orderBy('position')
      .execute();
  }

  /** Standard roles in their fixed order, then custom roles by key. */
  async function roleKeys(q: Db, workspaceId: string): Promise<string[]> {
    const custom = await q
      .selectFrom('team_roles')
      .select('key')
      .where('workspace_id', '=', workspaceId)
      .where('standard', '=', 0)
      .orderBy('key')
      .execute();
    return [...standardCrisisRoles, ...custom.map((r) => r.key)];
  }

  function present(row: TeamPeopleTable, holders: HolderRow[], order: string[]): TeamPersonView {
    const mine = holders
      .filter((h) => h.person_id === row.id)
      .sort((a, b) => order.indexOf(a.role_key) - order.indexOf(b.role_key));
    const availability = row.availability as Availability;
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      phone: row.phone,
      slack: row.slack,
      telegram: row.telegram,
      userId: row.user_id,
      roles: mine.map((h) => h.role_key),
      available: availability !== 'unavailable',
      availability,
      availabilityNote: row.availability_note,
      notes: row.notes,
      holds: mine.map((h) => ({ role: h.role_key, primary: h.is_primary === 1 })),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }

  async function personRow(q: Db, workspaceId: string, id: string): Promise<TeamPeopleTable> {
    const row = await q
      .selectFrom('team_people')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Team member ${id}`);
    return row;
  }

  async function view(q: Db, workspaceId: string, id: string): Promise<TeamPersonView> {
    const row = await personRow(q, workspaceId, id);
    return present(row, await holderRows(q, workspaceId), await roleKeys(q, workspaceId));
  }

  /** A login user may be linked to one team member of the workspace, and must be a member of it. */
  async function checkUserLink(q: Db, workspaceId: string, userId: string, personId?: string) {
    const member = await q
      .selectFrom('memberships')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!member) throw errors.validation(`The user ${userId} is not a member of this workspace.`);
    const linked = await q
      .selectFrom('team_people')
      .select(['id', 'name'])
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (linked && linked.id !== personId) {
      throw errors.conflict(`The user ${userId} is already linked to ${linked.name} (${linked.id}).`);
    }
  }

  async function assertRole(q: Db, workspaceId: string, key: string) {
    roleKeySchema.parse(key);
    if (isStandardRole(key)) return;
    const found = await q
      .selectFrom('team_roles')
      .select('key')
      .where('workspace_id', '=', workspaceId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!found) {
      throw errors.notFound(
        `The crisis role "${key}" (standard: ${standardCrisisRoles.join(', ')}; create a custom one first)`,
      );
    }
  }

  const audit = (
    trx: Db,
    actor: Actor,
    workspaceId: string,
    action: string,
    subjectType: string,
    subjectId: string,
    before?: unknown,
    after?: unknown,
  ) =>
    recordAudit(trx as Kysely<Database>, actor, clock.now(), {
      workspaceId,
      action,
      subjectType,
      subjectId,
      before,
      after,
    });

  const nullable = <T>(v: T | undefined, fallback: T | null): T | null => (v === undefined ? fallback : v);

  function presentAmbassador(r: TeamAmbassadorsTable): Ambassador {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind as Ambassador['kind'],
      email: r.email,
      phone: r.phone,
      channels: json(r.channels),
      languages: json(r.languages),
      topics: json(r.topics),
      notes: r.notes,
      active: r.active === 1,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    };
  }

  async function ambassadorRow(q: Db, workspaceId: string, id: string) {
    const row = await q
      .selectFrom('team_ambassadors')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Ambassador ${id}`);
    return row;
  }

  const service = {
    // ---- contract (CRISIS.md) ----

    /** Primary holders first, then deputies in order; available/on-call before unavailable. */
    async peopleForRole(workspaceId: string, roleKey: string): Promise<TeamPerson[]> {
      const rows = await db
        .selectFrom('team_role_holders as h')
        .innerJoin('team_people as p', 'p.id', 'h.person_id')
        .selectAll('p')
        .select(['h.is_primary', 'h.position'])
        .where('h.workspace_id', '=', workspaceId)
        .where('h.role_key', '=', roleKey)
        .execute();
      if (!rows.length) return [];
      const holders = await holderRows(db, workspaceId);
      const order = await roleKeys(db, workspaceId);
      const ordered = orderHolders(
        rows.map((r) => ({
          row: r,
          primary: r.is_primary === 1,
          position: Number(r.position),
          available: r.availability !== 'unavailable',
        })),
      );
      return ordered.map(({ row }) => present(row, holders, order));
    },

    /** Crisis roles held by the team member linked to this login user (none when nobody is linked). */
    async rolesOfUser(workspaceId: string, userId: string): Promise<string[]> {
      const person = await db
        .selectFrom('team_people')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!person) return [];
      const order = await roleKeys(db, workspaceId);
      const rows = await db
        .selectFrom('team_role_holders')
        .select('role_key')
        .where('workspace_id', '=', workspaceId)
        .where('person_id', '=', person.id)
        .execute();
      return rows.map((r) => r.role_key).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    },

    /** Active ambassadors and friendly influencers (what a notify_ambassadors step reaches). */
    async ambassadors(
      workspaceId: string,
      options: { includeInactive?: boolean } = {},
    ): Promise<Ambassador[]> {
      let q = db.selectFrom('team_ambassadors').selectAll().where('workspace_id', '=', workspaceId);
      if (!options.includeInactive) q = q.where('active', '=', 1);
      return (await q.orderBy('name').orderBy('id').execute()).map(presentAmbassador);
    },

    // ---- people ----

    async listPeople(workspaceId: string): Promise<TeamPersonView[]> {
      const rows = await db
        .selectFrom('team_people')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      const holders = await holderRows(db, workspaceId);
      const order = await roleKeys(db, workspaceId);
      return rows.map((r) => present(r, holders, order));
    },

    async getPerson(workspaceId: string, id: string): Promise<TeamPersonView> {
      return view(db, workspaceId, id);
    },

    async createPerson(actor: Actor, workspaceId: string, input: PersonInput): Promise<TeamPersonView> {
      const p = personInputSchema.parse(input);
      const now = clock.now();
      const row: TeamPeopleTable = {
        id: newId('tpp'),
        workspace_id: workspaceId,
        name: p.name,
        email: p.email ?? null,
        phone: p.phone ?? null,
        slack: p.slack ?? null,
        telegram: p.telegram ?? null,
        user_id: p.userId ?? null,
        availability: p.availability,
        availability_note: p.availabilityNote ?? null,
        notes: p.notes ?? null,
        created_at: now,
        updated_at: now,
      };
      return db.transaction().execute(async (trx) => {
        if (row.user_id) await checkUserLink(trx, workspaceId, row.user_id);
        await trx.insertInto('team_people').values(row).execute();
        const after = await view(trx, workspaceId, row.id);
        await audit(trx, actor, workspaceId, 'team.person.create', 'team_person', row.id, undefined, after);
        return after;
      });
    },

    async updatePerson(
      actor: Actor,
      workspaceId: string,
      id: string,
      patch: PersonPatch,
    ): Promise<TeamPersonView> {
      const p = personPatchSchema.parse(patch);
      return db.transaction().execute(async (trx) => {
        const before = await view(trx, workspaceId, id);
        const row = await personRow(trx, workspaceId, id);
        if (p.userId) await checkUserLink(trx, workspaceId, p.userId, id);
        await trx
          .updateTable('team_people')
          .set({
            name: p.name ?? row.name,
            email: nullable(p.email, row.email),
            phone: nullable(p.phone, row.phone),
            slack: nullable(p.slack, row.slack),
            telegram: nullable(p.telegram, row.telegram),
            user_id: nullable(p.userId, row.user_id),
            availability: p.availability ?? row.availability,
            availability_note: nullable(p.availabilityNote, row.availability_note),
            notes: nullable(p.notes, row.notes),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .execute();
        const after = await view(trx, workspaceId, id);
        await audit(trx, actor, workspaceId, 'team.person.update', 'team_person', id, before, after);
        return after;
      });
    },

    /** Removes a person and their role holdings; crises keep the name they were assigned under. */
    async removePerson(actor: Actor, workspaceId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await view(trx, workspaceId, id);
        await trx.deleteFrom('team_role_holders').where('person_id', '=', id).execute();
        await trx.deleteFrom('team_people').where('id', '=', id).execute();
        await audit(trx, actor, workspaceId, 'team.person.delete', 'team_person', id, before);
      });
    },

    // ---- roles ----

    async listRoles(workspaceId: string): Promise<TeamRoleView[]> {
      const rows = await db
        .selectFrom('team_roles')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .execute();
      const people = new Map((await service.listPeople(workspaceId)).map((p) => [p.id, p]));
      const holders = await holderRows(db, workspaceId);
      const keys = await roleKeys(db, workspaceId);
      return keys.map((key) => {
        const row = rows.find((r) => r.key === key);
        const mine: RoleHolderView[] = holders
          .filter((h) => h.role_key === key)
          .map((h) => {
            const p = people.get(h.person_id);
            return {
              personId: h.person_id,
              name: p?.name ?? h.person_id,
              primary: h.is_primary === 1,
              availability: p?.availability ?? 'unavailable',
              available: p?.available ?? false,
            };
          });
        return {
          key,
          name: row?.name ?? (isStandardRole(key) ? standardRoleNames[key] : key),
          description: row?.description ?? null,
          standard: isStandardRole(key),
          escalateAfterMinutes:
            row?.escalate_after_minutes == null ? null : Number(row.escalate_after_minutes),
          holders: mine,
        };
      });
    },

    async getRole(workspaceId: string, key: string): Promise<TeamRoleView> {
      await assertRole(db, workspaceId, key);
      return (await service.listRoles(workspaceId)).find((r) => r.key === key) as TeamRoleView;
    },

    async createRole(actor: Actor, workspaceId: string, input: RoleInput): Promise<TeamRoleView> {
      const r = roleInputSchema.parse(input);
      if (isStandardRole(r.key))
        throw errors.conflict(`"${r.key}" is a standard crisis role; it exists already.`);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom('team_roles')
          .select('key')
          .where('workspace_id', '=', workspaceId)
          .where('key', '=', r.key)
          .executeTakeFirst();
        if (taken) throw errors.conflict(`The crisis role "${r.key}" exists already.`);
        await trx
          .insertInto('team_roles')
          .values({
            workspace_id: workspaceId,
            key: r.key,
            name: r.name,
            description: r.description ?? null,
            standard: 0,
            escalate_after_minutes: r.escalateAfterMinutes ?? null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await audit(trx, actor, workspaceId, 'team.role.create', 'team_role', r.key, undefined, r);
      });
      return service.getRole(workspaceId, r.key);
    },

    /**
     * Declares custom roles a playbook uses that the team does not know yet (name from the playbook);
     * existing roles are left as they are.
     */
    async ensureRoles(
      actor: Actor,
      workspaceId: string,
      roles: Array<{ key: string; name: string; description?: string }>,
    ): Promise<string[]> {
      const created: string[] = [];
      for (const r of roles) {
        if (isStandardRole(r.key)) continue;
        const exists = await db
          .selectFrom('team_roles')
          .select('key')
          .where('workspace_id', '=', workspaceId)
          .where('key', '=', r.key)
          .executeTakeFirst();
        if (exists) continue;
        await service.createRole(actor, workspaceId, {
          key: r.key,
          name: r.name,
          description: r.description,
        });
        created.push(r.key);
      }
      return created;
    },

    /** Name and description of a custom role; the escalation delay of any role. */
    async updateRole(
      actor: Actor,
      workspaceId: string,
      key: string,
      patch: RolePatch,
    ): Promise<TeamRoleView> {
      const p = rolePatchSchema.parse(patch);
      await assertRole(db, workspaceId, key);
      if (isStandardRole(key) && (p.name !== undefined || p.description !== undefined)) {
        throw errors.badRequest(
          'A standard crisis role keeps its name; only escalateAfterMinutes can change.',
        );
      }
      const before = await service.getRole(workspaceId, key);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('team_roles')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('key', '=', key)
          .executeTakeFirst();
        const next = {
          name: p.name ?? row?.name ?? before.name,
          description: nullable(p.description, row?.description ?? null),
          escalate_after_minutes: nullable(p.escalateAfterMinutes, row?.escalate_after_minutes ?? null),
          updated_at: now,
        };
        if (row) {
          await trx
            .updateTable('team_roles')
            .set(next)
            .where('workspace_id', '=', workspaceId)
            .where('key', '=', key)
            .execute();
        } else {
          await trx
            .insertInto('team_roles')
            .values({ workspace_id: workspaceId, key, standard: 1, created_at: now, ...next })
            .execute();
        }
        await audit(trx, actor, workspaceId, 'team.role.update', 'team_role', key, before, { ...p, key });
      });
      return service.getRole(workspaceId, key);
    },

    async removeRole(actor: Actor, workspaceId: string, key: string): Promise<void> {
      if (isStandardRole(key))
        throw errors.badRequest(`"${key}" is a standard crisis role and cannot be removed.`);
      const before = await service.getRole(workspaceId, key);
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('team_role_holders')
          .where('workspace_id', '=', workspaceId)
          .where('role_key', '=', key)
          .execute();
        await trx
          .deleteFrom('team_roles')
          .where('workspace_id', '=', workspaceId)
          .where('key', '=', key)
          .execute();
        await audit(trx, actor, workspaceId, 'team.role.delete', 'team_role', key, before);
      });
    },

    /** Replaces who holds a role: the primary holders and the deputies, each in the order given. */
    async setHolders(
      actor: Actor,
      workspaceId: string,
      key: string,
      input: HoldersInput,
    ): Promise<TeamRoleView> {
      const h = holdersInputSchema.parse(input);
      await assertRole(db, workspaceId, key);
      const ids = [...h.primary, ...h.deputies];
      const dup = ids.find((id, i) => ids.indexOf(id) !== i);
      if (dup)
        throw errors.validation(`${dup} is listed twice; a person holds a role once (primary or deputy).`);
      const before = await service.getRole(workspaceId, key);
      await db.transaction().execute(async (trx) => {
        for (const id of ids) await personRow(trx, workspaceId, id);
        await trx
          .deleteFrom('team_role_holders')
          .where('workspace_id', '=', workspaceId)
          .where('role_key', '=', key)
          .execute();
        const rows = [
          ...h.primary.map((id, i) => ({ person_id: id, is_primary: 1, position: i })),
          ...h.deputies.map((id, i) => ({ person_id: id, is_primary: 0, position: i })),
        ].map((r) => ({ ...r, workspace_id: workspaceId, role_key: key }));
        if (rows.length) await trx.insertInto('team_role_holders').values(rows).execute();
        await audit(trx, actor, workspaceId, 'team.role.holders', 'team_role', key, before.holders, h);
      });
      return service.getRole(workspaceId, key);
    },

    /** Adds one person to a role, as a primary holder or as the last deputy (the CLI's `team assign`). */
    async addHolder(
      actor: Actor,
      workspaceId: string,
      key: string,
      personId: string,
      as: 'primary' | 'deputy',
    ): Promise<TeamRoleView> {
      const role = await service.getRole(workspaceId, key);
      const others = role.holders.filter((x) => x.personId !== personId);
      const primary = others.filter((x) => x.primary).map((x) => x.personId);
      const deputies = others.filter((x) => !x.primary).map((x) => x.personId);
      (as === 'primary' ? primary : deputies).push(personId);
      return service.setHolders(actor, workspaceId, key, { primary, deputies });
    },

    // ---- escalation ----

    /** Who is called next, role by role, when nobody answers: each role with its people in call order. */
    async escalation(workspaceId: string): Promise<Array<{ role: string; people: TeamPerson[] }>> {
      const row = await db
        .selectFrom('team_settings')
        .select('escalation')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      const roles = row ? json<string[]>(row.escalation) : ['crisis_lead', 'executive_sponsor'];
      return Promise.all(
        roles.map(async (role) => ({ role, people: await service.peopleForRole(workspaceId, role) })),
      );
    },

    async setEscalation(actor: Actor, workspaceId: string, input: { roles: string[] }) {
      const { roles } = escalationInputSchema.parse(input);
      for (const r of roles) await assertRole(db, workspaceId, r);
      const before = (await service.escalation(workspaceId)).map((e) => e.role);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('team_settings').where('workspace_id', '=', workspaceId).execute();
        await trx
          .insertInto('team_settings')
          .values({ workspace_id: workspaceId, escalation: JSON.stringify(roles), updated_at: now })
          .execute();
        await audit(trx, actor, workspaceId, 'team.escalation.set', 'team', workspaceId, before, roles);
      });
      return service.escalation(workspaceId);
    },

    // ---- ambassadors ----

    async getAmbassador(workspaceId: string, id: string): Promise<Ambassador> {
      return presentAmbassador(await ambassadorRow(db, workspaceId, id));
    },

    async createAmbassador(actor: Actor, workspaceId: string, input: AmbassadorInput): Promise<Ambassador> {
      const a = ambassadorInputSchema.parse(input);
      const now = clock.now();
      const row: TeamAmbassadorsTable = {
        id: newId('amb'),
        workspace_id: workspaceId,
        name: a.name,
        kind: a.kind,
        email: a.email ?? null,
        phone: a.phone ?? null,
        channels: JSON.stringify(a.channels),
        languages: JSON.stringify(a.languages),
        topics: JSON.stringify(a.topics),
        notes: a.notes ?? null,
        active: a.active ? 1 : 0,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('team_ambassadors').values(row).execute();
        await audit(
          trx,
          actor,
          workspaceId,
          'team.ambassador.create',
          'ambassador',
          row.id,
          undefined,
          presentAmbassador(row),
        );
      });
      return presentAmbassador(row);
    },

    async updateAmbassador(
      actor: Actor,
      workspaceId: string,
      id: string,
      patch: AmbassadorPatch,
    ): Promise<Ambassador> {
      const p = ambassadorPatchSchema.parse(patch);
      return db.transaction().execute(async (trx) => {
        const row = await ambassadorRow(trx, workspaceId, id);
        const next: TeamAmbassadorsTable = {
          ...row,
          name: p.name ?? row.name,
          kind: p.kind ?? row.kind,
          email: nullable(p.email, row.email),
          phone: nullable(p.phone, row.phone),
          channels: p.channels ? JSON.stringify(p.channels) : row.channels,
          languages: p.languages ? JSON.stringify(p.languages) : row.languages,
          topics: p.topics ? JSON.stringify(p.topics) : row.topics,
          notes: nullable(p.notes, row.notes),
          active: p.active === undefined ? row.active : p.active ? 1 : 0,
          updated_at: clock.now(),
        };
        await trx.updateTable('team_ambassadors').set(next).where('id', '=', id).execute();
        const after = presentAmbassador(next);
        await audit(
          trx,
          actor,
          workspaceId,
          'team.ambassador.update',
          'ambassador',
          id,
          presentAmbassador(row),
          after,
        );
        return after;
      });
    },

    async removeAmbassador(actor: Actor, workspaceId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = presentAmbassador(await ambassadorRow(trx, workspaceId, id));
        await trx.deleteFrom('team_ambassadors').where('id', '=', id).execute();
        await audit(trx, actor, workspaceId, 'team.ambassador.delete', 'ambassador', id, before);
      });
    },
  };
  return service;
}
