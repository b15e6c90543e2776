/** The mention stream and the rollup time series behind every chart. */
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { presentMention } from './mentions.presenter.ts';

const DAY = 86_400_000;

export const mentionsRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/v1/mentions',
    {
      schema: {
        tags: ['mentions'],
        description:
          'Mentions newest first. Page with `beforeSeq` (older) or `afterSeq` (newer, oldest first: a live tail).',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          beforeSeq: z.coerce.number().int().optional(),
          afterSeq: z.coerce.number().int().optional(),
          topicId: z.string().max(128).optional(),
          brandId: z.string().max(128).optional(),
          source: z.string().max(64).optional(),
          sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const rows = await ctx.store.mentions.list({ workspaceId: workspace.workspaceId, ...request.query });
      return { items: rows.map(presentMention), nextBeforeSeq: rows.length ? rows.at(-1)!.seq : null };
    },
  );

  app.get(
    '/api/v1/mentions/:source/:id',
    {
      schema: {
        tags: ['mentions'],
        params: z.object({ source: z.string().max(64), id: z.string().max(512) }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const m = await ctx.store.mentions.get(workspace.workspaceId, request.params.source, request.params.id);
      if (!m) throw errors.notFound(`Mention ${request.params.source}/${request.params.id}`);
      return presentMention(m);
    },
  );

  app.get(
    '/api/v1/rollups',
    {
      schema: {
        tags: ['mentions'],
        description:
          'Per-bucket counts from the per-minute rollups (never the raw mentions). scope: `*` (workspace), `b:<brandId>` or `t:<topicId>`.',
        querystring: z.object({
          scope: z.string().max(140).default('*'),
          from: z.coerce.date(),
          to: z.coerce.date(),
          bucketMinutes: z.coerce
            .number()
            .int()
            .min(1)
            .max(7 * 24 * 60)
            .default(60),
          source: z.string().max(64).optional(),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const { scope, from, to, bucketMinutes, source } = request.query;
      if (to.getTime() <= from.getTime()) throw errors.validation('querystring.to: must be after `from`');
      if (to.getTime() - from.getTime() > 400 * DAY)
        throw errors.validation('querystring.to: a window may span at most 400 days');
      const points = await ctx.store.mentions.rollups({
        workspaceId: workspace.workspaceId,
        scope,
        from: from.getTime(),
        to: to.getTime(),
        bucketMinutes,
        source,
      });
      const bySource = await ctx.store.mentions.rollupsBySource({
        workspaceId: workspace.workspaceId,
        scope,
        from: from.getTime(),
        to: to.getTime(),
      });
      return {
        bucketMinutes,
        points: points.map((p) => ({ ...p, t: new Date(p.t).toISOString() })),
        bySource,
      };
    },
  );
};
