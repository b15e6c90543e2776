/**
 * The callback Telegram calls for a `telegram` source with `delivery: "webhook"` (setWebhook url =
 * /api/v1/sources/<id>/telegram-webhook, secret_token = the source's webhookSecret). The secret header is
 * compared in constant time; the update is stored before the 200 (Telegram re-sends otherwise, and the
 * store drops the re-sent one).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { SqlCheckpoints } from '../../sources/sql-checkpoints.ts';
import { mapUpdate } from '../../sources/telegram/map.ts';

function sameSecret(given: unknown, expected: string | undefined): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const telegramWebhookRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const checkpoints = new SqlCheckpoints(ctx.store.db, ctx.clock);
  app.post<{ Params: { id: string } }>(
    '/api/v1/sources/:id/telegram-webhook',
    { schema: { hide: true }, bodyLimit: 1_048_576 },
    async (request, reply) => {
      const target = await ctx.sources.pushTarget(request.params.id, 'telegram');
      if (
        target?.params.delivery !== 'webhook' ||
        !sameSecret(request.headers['x-telegram-bot-api-secret-token'], target.secrets.webhookSecret)
      ) {
        return reply.status(401).send({ ok: false });
      }
      const update = request.body;
      const mapped =
        update && typeof update === 'object' && !Array.isArray(update)
          ? mapUpdate(
              update as Record<string, unknown>,
              (target.params.chatIds as number[] | undefined) ?? [],
            )
          : ({ ok: false, reason: 'update is not a JSON object' } as const);
      const health = (await checkpoints.loadHealth(target.id)) ?? {};
      if (mapped.ok === false) {
        ctx.logger.warn(
          { sourceId: target.id, kind: 'telegram', reason: mapped.reason },
          'malformed item skipped',
        );
        health.malformedTotal = (health.malformedTotal ?? 0) + 1;
      } else if (mapped.ok === true) {
        const report = await ctx.pipeline.ingest([mapped.record], {
          workspaceId: target.workspaceId,
          sourceId: target.id,
          keepUnmatched: target.keepUnmatched,
        });
        health.itemsTotal = (health.itemsTotal ?? 0) + report.stored;
        health.lagMs = Math.max(0, ctx.clock.now() - Number(mapped.record.createdAt));
      }
      health.lastSuccessAt = ctx.clock.now();
      await checkpoints.saveHealth(target.id, health);
      // A malformed update is answered 200 too: a non-2xx makes Telegram re-send it forever.
      return reply.status(200).send({ ok: true });
    },
  );
};
