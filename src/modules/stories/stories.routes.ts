/** Stories: the top stories of a window, and one story with its origin, members and spread. */
import { z } from 'zod';
import { errors } from '../../domain/errors.ts';
import { access } from '../../server/access.ts';
import type { RoutePlugin } from '../../server/routes.ts';
import { presentMention } from '../mentions/mentions.presenter.ts';
import type { StorySummary } from './stories.service.ts';

const DAY = 86_400_000;

function presentSummary(s: StorySummary) {
  return {
    id: s.id,
    members: s.members,
    negative: s.negative,
    reach: s.reach,
    sources: s.sources,
    firstAt: new Date(s.firstAt).toISOString(),
    lastAt: new Date(s.lastAt).toISOString(),
    origin: s.origin ? presentMention(s.origin) : null,
  };
}

export const storiesRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/api/v1/stories',
    {
      schema: {
        tags: ['enrichment'],
        description:
          'Top stories (reposts, replies, shared links and near-duplicates of one post) of a time window, biggest first, each with its origin post (earliest member) and members per source.',
        querystring: z.object({
          brandId: z.string().max(128).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          by: z.enum(['members', 'negative', 'reach']).default('members'),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const to = request.query.to?.getTime() ?? ctx.clock.now();
      const from = request.query.from?.getTime() ?? to - DAY;
      if (to <= from) throw errors.validation('querystring.to: must be after `from`');
      if (to - from > 400 * DAY)
        throw errors.validation('querystring.to: a window may span at most 400 days');
      const items = await ctx.stories.top({
        workspaceId: workspace.workspaceId,
        from,
        to,
        brandId: request.query.brandId,
        by: request.query.by,
        limit: request.query.limit,
      });
      return {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        items: items.map(presentSummary),
      };
    },
  );

  app.get(
    '/api/v1/stories/:id',
    {
      schema: {
        tags: ['enrichment'],
        description:
          'One story: origin, size, spread by source per bucket, and its members oldest first (page with `after`).',
        params: z.object({ id: z.string().max(128) }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          after: z.string().max(64).optional(),
          bucketMinutes: z.coerce
            .number()
            .int()
            .min(1)
            .max(7 * 24 * 60)
            .default(60),
        }),
      },
    },
    async (request) => {
      const { workspace } = access(request, 'viewer');
      const s = await ctx.stories.get(workspace.workspaceId, request.params.id, request.query);
      return {
        ...presentSummary(s),
        bucketMinutes: s.bucketMinutes,
        spread: s.spread.map((p) => ({ ...p, t: new Date(p.t).toISOString() })),
        items: s.items.map(presentMention),
        next: s.next,
      };
    },
  );
};
