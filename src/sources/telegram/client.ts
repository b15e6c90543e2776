/**
 * Telegram Bot API long polling: getUpdates with offset = last committed update_id + 1 (which also
 * acknowledges everything before it), allowed_updates limited to posts and messages. Updates arrive in
 * order, so every batch's last update_id is a safe cursor once the batch is stored. Telegram keeps
 * undelivered updates 24 h; a longer outage is a gap. 429 bodies carry `parameters.retry_after`.
 */
import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext } from '../types.ts';
import type { TelegramParams, TelegramSecrets } from './config.ts';
import { mapUpdate } from './map.ts';

const allowed = JSON.stringify(['channel_post', 'edited_channel_post', 'message', 'edited_message']);

function retryAfterMs(body: string): number | undefined {
  try {
    const s = (JSON.parse(body) as { parameters?: { retry_after?: number } }).parameters?.retry_after;
    return typeof s === 'number' ? s * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export function telegramConnector(params: TelegramParams, secrets: TelegramSecrets): Connector {
  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      // Webhook delivery: Telegram pushes to the route; polling would be refused with 409.
      if (params.delivery === 'webhook') return;
      let last = cursorText ? (JSON.parse(cursorText) as { updateId: number }).updateId : undefined;
      for (let call = 0; call < params.maxCalls; call++) {
        const url = new URL(`/bot${secrets.botToken}/getUpdates`, params.apiBase);
        if (last !== undefined) url.searchParams.set('offset', String(last + 1));
        url.searchParams.set('timeout', String(call === 0 ? 0 : params.longPollSeconds));
        url.searchParams.set('limit', '100');
        url.searchParams.set('allowed_updates', allowed);
        const res = await ctx.http.request({
          url: url.toString(),
          timeoutMs: (params.longPollSeconds + 15) * 1000,
          retryAfterFromBody: retryAfterMs,
        });
        let body: { ok?: boolean; result?: unknown[]; description?: string; error_code?: number };
        try {
          body = JSON.parse(res.body) as typeof body;
        } catch {
          throw new Error(`Telegram sent a body that is not JSON (HTTP ${res.status}): ${sample(res.body)}`);
        }
        if (!body.ok || !Array.isArray(body.result)) {
          // 401: bad token; 409: a webhook is set or another poller runs. Never echo the URL (it holds the token).
          throw new Error(
            `Telegram error ${body.error_code ?? res.status}: ${body.description ?? 'no description'}`,
          );
        }
        if (body.result.length === 0) return;
        const batch: Batch = { records: [], malformed: [] };
        for (const update of body.result) {
          const u = (update ?? {}) as Record<string, unknown>;
          if (Number.isSafeInteger(u.update_id)) last = Math.max(last ?? 0, u.update_id as number);
          const mapped = mapUpdate(u, params.chatIds);
          if (mapped.ok === true) {
            batch.records.push(mapped.record);
            batch.newestAt = Math.max(batch.newestAt ?? 0, Number(mapped.record.createdAt));
          } else if (mapped.ok === false)
            batch.malformed!.push({ reason: mapped.reason, sample: sample(update) });
        }
        if (last !== undefined) batch.cursor = JSON.stringify({ updateId: last });
        yield batch;
        if (ctx.signal.aborted) return;
      }
    },
  };
}
