/** Sign-in, the caller, workspaces, members and API tokens. */
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { access, SESSION_COOKIE, signedIn } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';

const role = z.enum(['admin', 'responder', 'approver', 'viewer']);
const workspaceShape = z.object({ workspaceId: z.string(), slug: z.string(), name: z.string(), role });
const email = z.string().trim().email().max(320);

export const authRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        security: [],
        body: z.object({ email, password: z.string().min(1).max(1_000) }),
        response: { 200: z.object({ userId: z.string(), workspaces: z.array(workspaceShape) }) },
      },
    },
    async (request, reply) => {
      const { session, userId } = await ctx.auth.login(request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, session, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: ctx.config.publicUrl?.startsWith('https://') ?? false,
        maxAge: ctx.config.sessionTtlHours * 3_600,
      });
      const principal = await ctx.auth.principalFromSession(session);
      return { userId, workspaces: principal?.access ?? [] };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    const session = request.cookies[SESSION_COOKIE];
    if (session) await ctx.auth.logout(session);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        response: {
          200: z.object({
            userId: z.string(),
            email: z.string(),
            via: z.enum(['session', 'token']),
            workspaces: z.array(workspaceShape),
          }),
        },
      },
    },
    async (request) => {
      const p = signedIn(request);
      return { userId: p.userId, email: p.email, via: p.kind, workspaces: p.access };
    },
  );

  app.get(
    '/api/v1/workspaces',
    { schema: { tags: ['workspaces'], response: { 200: z.array(workspaceShape) } } },
    async (request) => {
      return signedIn(request).access;
    },
  );

  app.post(
    '/api/v1/workspaces',
    {
      schema: {
        tags: ['workspaces'],
        body: z.object({
          name: z.string().trim().min(1).max(200),
          slug: z.string().trim().min(1).max(48).optional(),
        }),
      },
    },
    async (request, reply) => {
      const p = signedIn(request);
      if (p.kind === 'token')
        throw errors.forbidden('API tokens are bound to one workspace; sign in to create workspaces.');
      const ws = await ctx.auth.createWorkspace(p, request.body, p.userId);
      return reply.status(201).send(ws);
    },
  );

  app.get('/api/v1/members', { schema: { tags: ['workspaces'] } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return ctx.auth.listMembers(workspace.workspaceId);
  });

  app.post(
    '/api/v1/members',
    {
      schema: {
        tags: ['workspaces'],
        description: 'Add a person to the workspace (creating their user if needed) or change their role.',
        body: z.object({
          email,
          name: z.string().trim().min(1).max(200).optional(),
          password: z.string().min(10).max(1_000).optional(),
          role,
        }),
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      const { email: address, name, password, role: wanted } = request.body;
      const existing = await ctx.auth.findUserByEmail(address);
      const userId =
        existing?.id ??
        (await ctx.auth.createUser(actor, { email: address, name: name ?? address, password })).id;
      await ctx.auth.setMembership(actor, workspace.workspaceId, userId, wanted);
      return reply.status(existing ? 200 : 201).send({ userId, email: address.toLowerCase(), role: wanted });
    },
  );

  app.get('/api/v1/tokens', { schema: { tags: ['tokens'] } }, async (request) => {
    const { workspace } = access(request, 'admin');
    return ctx.auth.listApiTokens(workspace.workspaceId);
  });

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        description: 'Create an API token for a machine. The token is shown once.',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          role: role.default('viewer'),
          userId: z.string().optional(),
        }),
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      const token = await ctx.auth.createApiToken(actor, {
        userId: request.body.userId ?? actor.userId,
        workspaceId: workspace.workspaceId,
        role: request.body.role,
        name: request.body.name,
      });
      return reply.status(201).send(token);
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    { schema: { tags: ['tokens'], params: z.object({ id: z.string() }) } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      await ctx.auth.revokeApiToken(actor, workspace.workspaceId, request.params.id);
      return { ok: true };
    },
  );
};
