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

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Firebreak</title>
<style>body{font-family:system-ui,'Noto Sans',sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .25rem}</style></head>
<body><h1>Firebreak</h1><p>The brand-crisis command center is running.</p>
<ul><li><a href="/docs">API reference (OpenAPI)</a> — sign in with <code>POST /api/v1/auth/login</code> or use an API token.</li>
<li><a href="/healthz">Health</a> · <a href="/metrics">Metrics</a></li></ul></body></html>`;
  });
};
