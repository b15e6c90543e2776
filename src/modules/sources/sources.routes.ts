/** /api/v1/sources: the source registry, configured sources with health, and a dry-run test. */
import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { metaWebhookRoutes } from './meta-webhook.routes.ts';
import { sourceInputSchema, sourcePatchSchema } from './sources.service.ts';
import { telegramWebhookRoutes } from './telegram-webhook.routes.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });

export const sourcesRoutes: RoutePlugin = async (app, { ctx }) => {
  const sources = ctx.sources;
  // Its own scope: the raw-body JSON parser the signature check needs stays out of the other routes.
  await app.register(metaWebhookRoutes, { ctx });
  await app.register(telegramWebhookRoutes, { ctx });

  app.get(
    '/api/v1/sources/kinds',
    {
      schema: { tags: ['sources'], description: 'Every source kind, its mode and the credentials it needs.' },
    },
    async (request) => {
      access(request, 'viewer');
      return sources.kinds();
    },
  );

  app.get(
    '/api/v1/sources',
    {
      schema: {
        tags: ['sources'],
        description:
          'Configured sources with health (last success, lag, last error, items/min). Credentials are never returned.',
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return sources.list(workspace.workspaceId);
    },
  );

  app.get('/api/v1/sources/:id', { schema: { tags: ['sources'], params: idParams } }, async (request) => {
    const { workspace } = access(request, 'viewer');
    return sources.find(workspace.workspaceId, request.params.id);
  });

  app.post(
    '/api/v1/sources',
    {
      schema: {
        tags: ['sources'],
        description:
          'Configure a source: `params` and `secrets` are validated by the kind (GET /api/v1/sources/kinds).',
        body: sourceInputSchema,
      },
    },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      return reply.status(201).send(await sources.create(actor, workspace.workspaceId, request.body));
    },
  );

  app.patch(
    '/api/v1/sources/:id',
    { schema: { tags: ['sources'], params: idParams, body: sourcePatchSchema } },
    async (request) => {
      const { actor, workspace } = access(request, 'admin');
      return sources.update(actor, workspace.workspaceId, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/v1/sources/:id',
    { schema: { tags: ['sources'], params: idParams } },
    async (request, reply) => {
      const { actor, workspace } = access(request, 'admin');
      await sources.remove(actor, workspace.workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/sources/:id/test',
    {
      schema: {
        tags: ['sources'],
        description:
          'Fetch one batch now, as a fresh source would; nothing is stored and the cursor does not move.',
        params: idParams,
      },
    },
    async (request) => {
      const { workspace } = access(request, 'admin');
      return sources.test(workspace.workspaceId, request.params.id);
    },
  );
};
