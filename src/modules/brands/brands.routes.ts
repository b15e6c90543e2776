import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { brandInputSchema, brandPatchSchema } from './brands.service.ts';

export const brandsRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get('/api/v1/brands', { schema: { tags: ['brands'] } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return ctx.brands.list(workspace.workspaceId);
  });

  app.get(
    '/api/v1/brands/:id',
    { schema: { tags: ['brands'], params: z.object({ id: z.string() }) } },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return ctx.brands.find(workspace.workspaceId, request.params.id);
    },
  );

  app.post(
    '/api/v1/brands',
    { schema: { tags: ['brands'], body: brandInputSchema } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply.status(201).send(await ctx.brands.create(actor, workspace.workspaceId, request.body));
    },
  );

  app.patch(
    '/api/v1/brands/:id',
    { schema: { tags: ['brands'], params: z.object({ id: z.string() }), body: brandPatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return ctx.brands.update(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );
};
