import { z } from 'zod';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { listAudit } from './audit.ts';

export const auditRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        description: 'Who did what, when: every write in the workspace, newest first.',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1_000).default(100),
          before: z.coerce.number().int().optional(),
          subjectType: z.string().max(64).optional(),
          subjectId: z.string().max(128).optional(),
          action: z.string().max(64).optional(),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      return listAudit(ctx.store.db, { workspaceId: workspace.workspaceId, ...request.query });
    },
  );
};
