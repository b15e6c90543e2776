/** /api/v1/topics: list, create, edit, delete, and "test this query" against recent mentions. */
import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { topicInputSchema, topicPatchSchema, topicTestSchema } from './topics.service.ts';

const params = z.object({ id: z.string().min(1).max(128) });

export const topicsRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get('/api/v1/topics', { schema: { tags: ['topics'] } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return ctx.topics.service.list(workspace.workspaceId);
  });

  app.get('/api/v1/topics/:id', { schema: { tags: ['topics'], params } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return ctx.topics.service.find(workspace.workspaceId, request.params.id);
  });

  app.post(
    '/api/v1/topics',
    {
      schema: {
        tags: ['topics'],
        description:
          'Creates a topic. The query is validated first; an invalid one gets 400 invalid_query with its column.',
        body: topicInputSchema,
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply
        .status(201)
        .send(await ctx.topics.service.create(actor, workspace.workspaceId, request.body));
    },
  );

  app.patch(
    '/api/v1/topics/:id',
    { schema: { tags: ['topics'], params, body: topicPatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return ctx.topics.service.update(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );

  app.delete('/api/v1/topics/:id', { schema: { tags: ['topics'], params } }, async (request, reply) => {
    const { actor, workspace } = access(request, 'admin');
    await ctx.topics.service.remove(actor, workspace.workspaceId, request.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/api/v1/topics/test',
    {
      schema: {
        tags: ['topics'],
        description:
          'How many of the last N stored mentions a query matches, with samples. Highlights are offsets into `text` or `title` (UTF-16, end exclusive): the client escapes the text and wraps the ranges itself.',
        body: topicTestSchema,
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return ctx.topics.service.test(workspace.workspaceId, request.body);
    },
  );
};
