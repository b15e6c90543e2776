/** Known authors: viewers read, admins write (audited). */
import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { authorKinds, knownAuthorInputSchema, knownAuthorPatchSchema } from './authors.service.ts';

const idParams = z.object({ id: z.string().max(64) });

export const authorsRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/v1/known-authors',
    {
      schema: {
        tags: ['enrichment'],
        description: 'Known journalists, influencers, ambassadors and employees of the workspace.',
        querystring: z.object({
          kind: z.enum(authorKinds).optional(),
          platform: z.string().max(64).optional(),
          handle: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return ctx.authors.list(workspace.workspaceId, request.query);
    },
  );

  app.get(
    '/api/v1/known-authors/:id',
    { schema: { tags: ['enrichment'], params: idParams } },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return ctx.authors.find(workspace.workspaceId, request.params.id);
    },
  );

  app.post(
    '/api/v1/known-authors',
    { schema: { tags: ['enrichment'], body: knownAuthorInputSchema } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply.status(201).send(await ctx.authors.create(actor, workspace.workspaceId, request.body));
    },
  );

  app.patch(
    '/api/v1/known-authors/:id',
    { schema: { tags: ['enrichment'], params: idParams, body: knownAuthorPatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return ctx.authors.update(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/v1/known-authors/:id',
    { schema: { tags: ['enrichment'], params: idParams } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      await ctx.authors.remove(actor, workspace.workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );
};
