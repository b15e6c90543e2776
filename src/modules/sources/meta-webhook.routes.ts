/**
 * The callback Meta calls for a `meta` source: GET answers the subscription handshake, POST takes a
 * delivery, verifies X-Hub-Signature-256 on the raw bytes, stores the comments and answers 200 only
 * after storage (Meta retries otherwise; a retried delivery is de-duplicated by comment id). No session
 * or token: the signature is the authentication.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { mapDelivery } from '../../sources/meta/map.ts';
import { verifyHandshake, verifySignature } from '../../sources/meta/verify.ts';
import { SqlCheckpoints } from '../../sources/sql-checkpoints.ts';

export const metaWebhookRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const checkpoints = new SqlCheckpoints(ctx.store.db, ctx.clock);
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: 1_048_576 },
    (_req, body, done) => done(null, body),
  );

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    '/api/v1/sources/:id/meta-webhook',
    { schema: { hide: true } },
    async (request, reply) => {
      const target = await ctx.sources.pushTarget(request.params.id, 'meta');
      const result = target
        ? verifyHandshake(request.query, target.secrets.verifyToken!)
        : { ok: false as const };
      if (!result.ok) return reply.status(403).type('text/plain').send('forbidden');
      return reply.status(200).type('text/plain').send(result.challenge);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/sources/:id/meta-webhook',
    { schema: { hide: true } },
    async (request, reply) => {
      const target = await ctx.sources.pushTarget(request.params.id, 'meta');
      const raw = request.body as Buffer | undefined;
      const signature = request.headers['x-hub-signature-256'];
      if (
        !target ||
        !raw ||
        !verifySignature(
          target.secrets.appSecret!,
          raw,
          typeof signature === 'string' ? signature : undefined,
        )
      ) {
        return reply.status(401).type('text/plain').send('bad signature');
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        ctx.logger.warn({ sourceId: target.id, kind: 'meta' }, 'malformed delivery skipped: not JSON');
        return reply.status(200).send({ stored: 0 });
      }
      const mapped = mapDelivery(body, (target.params.accountIds as string[] | undefined) ?? []);
      for (const bad of mapped.malformed)
        ctx.logger.warn(
          { sourceId: target.id, kind: 'meta', reason: bad.reason, sample: bad.sample },
          'malformed item skipped',
        );
      const report = await ctx.pipeline.ingest(mapped.records, {
        workspaceId: target.workspaceId,
        sourceId: target.id,
        keepUnmatched: target.keepUnmatched,
      });
      const health = (await checkpoints.loadHealth(target.id)) ?? {};
      health.lastSuccessAt = ctx.clock.now();
      health.itemsTotal = (health.itemsTotal ?? 0) + report.stored;
      health.malformedTotal = (health.malformedTotal ?? 0) + mapped.malformed.length + report.rejected.length;
      await checkpoints.saveHealth(target.id, health);
      return reply
        .status(200)
        .send({ stored: report.stored, duplicates: report.duplicates, malformed: mapped.malformed.length });
    },
  );
};
