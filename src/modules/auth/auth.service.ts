/**
 * Users, workspaces, memberships, sessions and API tokens. Every write is audited.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Role, roleRank } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import { newId, newSecret, slugify } from '../../domain/ids.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Database } from '../../store/schema.ts';
import { type Actor, recordAudit, systemActor } from '../audit/audit.ts';
import { hashPassword, hashSecret, verifyPassword } from './passwords.ts';

export interface WorkspaceAccess {
  workspaceId: string;
  slug: string;
  name: string;
  role: Role;
}

/** The authenticated caller of a request. */
export interface Principal extends Actor {
  userId: string;
  kind: 'session' | 'token';
  email: string;
  /** Workspaces the caller may act in, with the role there. A token is bound to one. */
  access: WorkspaceAccess[];
}

export interface AuthServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessionTtlHours: number;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService({ db, clock, sessionTtlHours }: AuthServiceDeps) {
  async function accessOf(userId: string): Promise<WorkspaceAccess[]> {
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
      .select(['workspaces.id', 'workspaces.slug', 'workspaces.name', 'memberships.role'])
      .where('memberships.user_id', '=', userId)
      .orderBy('workspaces.created_at')
      .execute();
    return rows.map((r) => ({ workspaceId: r.id, slug: r.slug, name: r.name, role: r.role as Role }));
  }

  const workspaceCreated: Array<(workspace: { id: string; slug: string }) => Promise<void>> = [];

  const service = {
    /**
     * Runs after each new workspace is committed (other modules seed it: the playbook library). A hook
     * that fails is its own to report: the workspace exists either way.
     */
    afterWorkspaceCreated(hook: (workspace: { id: string; slug: string }) => Promise<void>): void {
      workspaceCreated.push(hook);
    },

    async userCount(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async createUser(actor: Actor, input: { email: string; name: string; password?: string }) {
      const email = input.email.trim().toLowerCase();
      const existing = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (existing) throw errors.conflict(`A user with the e-mail ${email} already exists.`);
      const user = {
        id: newId('usr'),
        email,
        name: input.name,
        password_hash: input.password ? await hashPassword(input.password) : null,
        created_at: clock.now(),
        disabled: 0,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values(user).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId: null,
          action: 'user.create',
          subjectType: 'user',
          subjectId: user.id,
          after: { email, name: input.name },
        });
      });
      return { id: user.id, email, name: input.name, createdAt: user.created_at };
    },

    async findUserByEmail(email: string) {
      return db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst();
    },

    async setPassword(actor: Actor, userId: string, password: string): Promise<void> {
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId: null,
          action: 'user.password_set',
          subjectType: 'user',
          subjectId: userId,
        });
      });
    },

    async createWorkspace(actor: Actor, input: { name: string; slug?: string }, adminUserId?: string) {
      const slug = slugify(input.slug ?? input.name);
      const taken = await db
        .selectFrom('workspaces')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirst();
      if (taken) throw errors.conflict(`The workspace slug "${slug}" is taken; choose another.`);
      const ws = { id: newId('ws'), slug, name: input.name, created_at: clock.now() };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('workspaces').values(ws).execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId: ws.id,
          action: 'workspace.create',
          subjectType: 'workspace',
          subjectId: ws.id,
          after: { slug, name: input.name },
        });
        if (adminUserId) {
          await trx
            .insertInto('memberships')
            .values({ workspace_id: ws.id, user_id: adminUserId, role: 'admin' })
            .execute();
          await recordAudit(trx, actor, clock.now(), {
            workspaceId: ws.id,
            action: 'membership.set',
            subjectType: 'user',
            subjectId: adminUserId,
            after: { role: 'admin' },
          });
        }
      });
      for (const hook of workspaceCreated) await hook({ id: ws.id, slug });
      return { id: ws.id, slug, name: input.name, createdAt: ws.created_at };
    },

    async findWorkspace(slugOrId: string) {
      return db
        .selectFrom('workspaces')
        .selectAll()
        .where((eb) => eb.or([eb('slug', '=', slugOrId), eb('id', '=', slugOrId)]))
        .executeTakeFirst();
    },

    async setMembership(actor: Actor, workspaceId: string, userId: string, role: Role): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('memberships')
          .select('role')
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (before) {
          await trx
            .updateTable('memberships')
            .set({ role })
            .where('workspace_id', '=', workspaceId)
            .where('user_id', '=', userId)
            .execute();
        } else {
          await trx
            .insertInto('memberships')
            .values({ workspace_id: workspaceId, user_id: userId, role })
            .execute();
        }
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'membership.set',
          subjectType: 'user',
          subjectId: userId,
          before: before ?? null,
          after: { role },
        });
      });
    },

    async listMembers(workspaceId: string) {
      const rows = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.email', 'users.name', 'memberships.role', 'users.created_at'])
        .where('memberships.workspace_id', '=', workspaceId)
        .orderBy('users.email')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        email: r.email,
        name: r.name,
        role: r.role as Role,
        createdAt: Number(r.created_at),
      }));
    },

    /** Returns the session secret for the cookie, or throws a uniform error (no user enumeration). */
    async login(email: string, password: string): Promise<{ session: string; userId: string }> {
      const user = await service.findUserByEmail(email);
      const ok =
        user?.password_hash && !user.disabled ? await verifyPassword(user.password_hash, password) : false;
      if (!user || !ok) throw errors.unauthenticated('Wrong e-mail or password.');
      const session = newSecret('fbs');
      await db
        .insertInto('sessions')
        .values({
          id_hash: hashSecret(session),
          user_id: user.id,
          created_at: clock.now(),
          expires_at: clock.now() + sessionTtlHours * 3_600_000,
        })
        .execute();
      await recordAudit(db, { userId: user.id, label: user.email }, clock.now(), {
        workspaceId: null,
        action: 'session.create',
        subjectType: 'user',
        subjectId: user.id,
      });
      return { session, userId: user.id };
    },

    async logout(session: string): Promise<void> {
      await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(session)).execute();
    },

    async principalFromSession(session: string): Promise<Principal | undefined> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.email', 'users.disabled', 'sessions.expires_at'])
        .where('sessions.id_hash', '=', hashSecret(session))
        .executeTakeFirst();
      if (!row || row.disabled || Number(row.expires_at) < clock.now()) return undefined;
      return {
        kind: 'session',
        userId: row.id,
        email: row.email,
        label: row.email,
        access: await accessOf(row.id),
      };
    },

    async principalFromToken(token: string): Promise<Principal | undefined> {
      const row = await db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .innerJoin('workspaces', 'workspaces.id', 'api_tokens.workspace_id')
        .select([
          'api_tokens.id',
          'api_tokens.name',
          'api_tokens.role',
          'api_tokens.revoked_at',
          'users.id as userId',
          'users.email',
          'users.disabled',
          'workspaces.id as workspaceId',
          'workspaces.slug',
          'workspaces.name as workspaceName',
        ])
        .where('api_tokens.token_hash', '=', hashSecret(token))
        .executeTakeFirst();
      if (!row || row.revoked_at !== null || row.disabled) return undefined;
      // A token never exceeds its owner's current role in the workspace.
      const membership = (await accessOf(row.userId)).find((a) => a.workspaceId === row.workspaceId);
      if (!membership) return undefined;
      const role =
        roleRank[row.role as Role] <= roleRank[membership.role] ? (row.role as Role) : membership.role;
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: clock.now() })
        .where('id', '=', row.id)
        .execute();
      return {
        kind: 'token',
        userId: row.userId,
        email: row.email,
        label: `token:${row.name} (${row.email})`,
        access: [{ workspaceId: row.workspaceId, slug: row.slug, name: row.workspaceName, role }],
      };
    },

    async createApiToken(
      actor: Actor,
      input: { userId: string; workspaceId: string; role: Role; name: string },
    ) {
      const token = newSecret('fbt');
      const id = newId('tok');
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('api_tokens')
          .values({
            id,
            token_hash: hashSecret(token),
            name: input.name,
            user_id: input.userId,
            workspace_id: input.workspaceId,
            role: input.role,
            created_at: clock.now(),
            last_used_at: null,
            revoked_at: null,
          })
          .execute();
        await recordAudit(trx, actor, clock.now(), {
          workspaceId: input.workspaceId,
          action: 'token.create',
          subjectType: 'api_token',
          subjectId: id,
          after: { name: input.name, role: input.role, userId: input.userId },
        });
      });
      return { id, token, name: input.name, role: input.role };
    },

    async listApiTokens(workspaceId: string) {
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'role', 'user_id', 'created_at', 'last_used_at', 'revoked_at'])
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        role: r.role as Role,
        userId: r.user_id,
        createdAt: Number(r.created_at),
        lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
        revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
      }));
    },

    async revokeApiToken(actor: Actor, workspaceId: string, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('api_tokens')
          .set({ revoked_at: clock.now() })
          .where('id', '=', id)
          .where('workspace_id', '=', workspaceId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw errors.notFound('An active API token with this id');
        await recordAudit(trx, actor, clock.now(), {
          workspaceId,
          action: 'token.revoke',
          subjectType: 'api_token',
          subjectId: id,
        });
      });
    },

    /**
     * First start: when no user exists, create the admin from the configuration, or with a generated
     * password that is returned once for printing.
     */
    async bootstrapAdmin(
      email: string,
      password?: string,
    ): Promise<{ email: string; password?: string; userId: string } | undefined> {
      if ((await service.userCount()) > 0) return undefined;
      const generated = password ?? randomBytes(12).toString('base64url');
      const user = await service.createUser(systemActor('bootstrap'), {
        email,
        name: 'Administrator',
        password: generated,
      });
      return { email: user.email, userId: user.id, password: password ? undefined : generated };
    },
  };
  return service;
}
