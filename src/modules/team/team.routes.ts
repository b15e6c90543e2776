/**
 * HTTP for the crisis team: people, crisis roles and their holders, the escalation order, ambassadors.
 * Viewers read; admins write (every write audited by the service).
 */
import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import {
  ambassadorInputSchema,
  ambassadorPatchSchema,
  escalationInputSchema,
  holdersInputSchema,
  personInputSchema,
  personPatchSchema,
  roleInputSchema,
  rolePatchSchema,
} from './team.model.ts';

const idParams = z.object({ id: z.string().min(1).max(64) });
const roleParams = z.object({ key: z.string().min(1).max(64) });
const tags = ['team'];

export const teamRoutes: RoutePlugin = async (app, { ctx }) => {
  const team = ctx.team;

  app.get(
    '/api/v1/team',
    {
      schema: {
        tags,
        description: 'The whole team: people, roles with holders, escalation order, ambassadors.',
      },
    },
    async (request) => {
      const ws = access(request, 'viewer').workspace.workspaceId;
      const [people, roles, escalation, ambassadors] = await Promise.all([
        team.listPeople(ws),
        team.listRoles(ws),
        team.escalation(ws),
        team.ambassadors(ws, { includeInactive: true }),
      ]);
      return { people, roles, escalation, ambassadors };
    },
  );

  // ---- people ----
  app.get('/api/v1/team/people', { schema: { tags } }, async (request) =>
    team.listPeople(access(request, 'viewer').workspace.workspaceId),
  );
  app.get('/api/v1/team/people/:id', { schema: { tags, params: idParams } }, async (request) =>
    team.getPerson(access(request, 'viewer').workspace.workspaceId, request.params.id),
  );
  app.post('/api/v1/team/people', { schema: { tags, body: personInputSchema } }, async (request, reply) => {
    const { actor, workspace } = access(request, 'admin');
    return reply.status(201).send(await team.createPerson(actor, workspace.workspaceId, request.body));
  });
  app.patch(
    '/api/v1/team/people/:id',
    { schema: { tags, params: idParams, body: personPatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return team.updatePerson(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );
  app.delete('/api/v1/team/people/:id', { schema: { tags, params: idParams } }, async (request, reply) => {
    const { actor, workspace } = access(request, 'admin');
    await team.removePerson(actor, workspace.workspaceId, request.params.id);
    return reply.status(204).send();
  });

  // ---- roles ----
  app.get('/api/v1/team/roles', { schema: { tags } }, async (request) =>
    team.listRoles(access(request, 'viewer').workspace.workspaceId),
  );
  app.get('/api/v1/team/roles/:key', { schema: { tags, params: roleParams } }, async (request) =>
    team.getRole(access(request, 'viewer').workspace.workspaceId, request.params.key),
  );
  app.get(
    '/api/v1/team/roles/:key/people',
    {
      schema: {
        tags,
        description: 'Who to call for a role: primaries, then deputies in order; available/on call first.',
        params: roleParams,
      },
    },
    async (request) =>
      team.peopleForRole(access(request, 'viewer').workspace.workspaceId, request.params.key),
  );
  app.post('/api/v1/team/roles', { schema: { tags, body: roleInputSchema } }, async (request, reply) => {
    const { actor, workspace } = access(request, 'admin');
    return reply.status(201).send(await team.createRole(actor, workspace.workspaceId, request.body));
  });
  app.patch(
    '/api/v1/team/roles/:key',
    { schema: { tags, params: roleParams, body: rolePatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return team.updateRole(actor, workspace.workspaceId, request.params.key, request.body);
    },
  );
  app.delete('/api/v1/team/roles/:key', { schema: { tags, params: roleParams } }, async (request, reply) => {
    const { actor, workspace } = access(request, 'admin');
    await team.removeRole(actor, workspace.workspaceId, request.params.key);
    return reply.status(204).send();
  });
  app.put(
    '/api/v1/team/roles/:key/holders',
    {
      schema: {
        tags,
        description: 'Replaces the holders of a role: `primary` and `deputies`, person ids in order.',
        params: roleParams,
        body: holdersInputSchema,
      },
    },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return team.setHolders(actor, workspace.workspaceId, request.params.key, request.body);
    },
  );

  // ---- escalation ----
  app.get('/api/v1/team/escalation', { schema: { tags } }, async (request) =>
    team.escalation(access(request, 'viewer').workspace.workspaceId),
  );
  app.put('/api/v1/team/escalation', { schema: { tags, body: escalationInputSchema } }, async (request) => {
    const { actor, workspace } = access(request, 'admin');
    return team.setEscalation(actor, workspace.workspaceId, request.body);
  });

  // ---- ambassadors and friendly influencers ----
  app.get(
    '/api/v1/team/ambassadors',
    { schema: { tags, querystring: z.object({ all: z.enum(['true', 'false']).optional() }) } },
    async (request) =>
      team.ambassadors(access(request, 'viewer').workspace.workspaceId, {
        includeInactive: request.query.all === 'true',
      }),
  );
  app.get('/api/v1/team/ambassadors/:id', { schema: { tags, params: idParams } }, async (request) =>
    team.getAmbassador(access(request, 'viewer').workspace.workspaceId, request.params.id),
  );
  app.post(
    '/api/v1/team/ambassadors',
    { schema: { tags, body: ambassadorInputSchema } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply.status(201).send(await team.createAmbassador(actor, workspace.workspaceId, request.body));
    },
  );
  app.patch(
    '/api/v1/team/ambassadors/:id',
    { schema: { tags, params: idParams, body: ambassadorPatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return team.updateAmbassador(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );
  app.delete(
    '/api/v1/team/ambassadors/:id',
    { schema: { tags, params: idParams } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      await team.removeAmbassador(actor, workspace.workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );
};
