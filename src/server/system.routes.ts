/** Liveness, Prometheus metrics and the landing page. */
import { sql } from 'kysely';
import { z } from 'zod';
import { registry } from '../telemetry/metrics.ts';
import type { RoutePlugin } from './routes.ts';

export const systemRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/healthz',
    {
      schema: {
        hide: true,
        response: { 200: z.object({ status: z.literal('ok'), database: z.string(), bus: z.string() }) },
      },
    },
    async () => {
      await sql`select 1`.execute(ctx.store.db);
      return { status: 'ok' as const, database: ctx.store.dialect, bus: ctx.bus.kind };
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app', 302));
};
