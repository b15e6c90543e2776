/**
 * VK newsfeed.search in time windows: start_time = high-water − overlap, end_time = now, paged with
 * next_from. VK reports errors inside HTTP 200 bodies, so the connector reads every body: error 6
 * (too many requests per second) and 10 (internal) are retried with backoff and jitter, 9 (flood
 * control) and 29 (the method's daily limit) end the pass, 5 (authorization) is fatal. Calls are kept
 * `minGapMs` apart (VK allows about 3 per second).
 */
import { backoffMs } from '../bluesky/jetstream.ts';
import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext } from '../types.ts';
import type { VkParams, VkSecrets } from './config.ts';
import { mapPost, owners } from './map.ts';

interface VkError {
  error_code?: number;
  error_msg?: string;
}

export class VkApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`VK error ${code}: ${message}`);
  }
}

export function vkConnector(params: VkParams, secrets: VkSecrets): Connector {
  async function call(ctx: ConnectorContext, args: Record<string, string>): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const body = new URLSearchParams({ ...args, access_token: secrets.accessToken, v: params.apiVersion });
      const res = await ctx.http.request({
        url: new URL('/method/newsfeed.search', params.apiBase).toString(),
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
      if (res.status !== 200) throw new Error(`VK answered HTTP ${res.status}`);
      let parsed: { response?: Record<string, unknown>; error?: VkError };
      try {
        parsed = JSON.parse(res.body) as typeof parsed;
      } catch {
        throw new Error(`VK sent a body that is not JSON: ${sample(res.body)}`);
      }
      if (parsed.error) {
        const code = parsed.error.error_code ?? 0;
        if ((code === 6 || code === 10) && attempt < 4) {
          await ctx.sleep(Math.max(1000, backoffMs(attempt + 1, ctx.random)));
          continue;
        }
        throw new VkApiError(code, parsed.error.error_msg ?? 'unknown');
      }
      if (!parsed.response || typeof parsed.response !== 'object')
        throw new Error(`VK response has no "response": ${sample(res.body)}`);
      return parsed.response;
    }
  }

  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      const nowS = Math.floor(ctx.clock.now() / 1000);
      const stored = cursorText ? (JSON.parse(cursorText) as { since: number }).since : undefined;
      const start =
        stored !== undefined ? stored - params.overlapSeconds : nowS - params.lookbackHours * 3600;
      let newest = stored ?? start;
      let next: string | undefined;
      for (let page = 0; page < params.maxPages; page++) {
        if (page > 0) await ctx.sleep(params.minGapMs);
        const args: Record<string, string> = {
          q: params.query,
          count: '200',
          extended: '1',
          fields: 'screen_name,followers_count,members_count,verified',
          start_time: String(start),
          end_time: String(nowS),
        };
        if (next) args.start_from = next;
        const response = await call(ctx, args);
        const who = owners(response);
        const batch: Batch = { records: [], malformed: [] };
        for (const item of (response.items as unknown[] | undefined) ?? []) {
          const mapped = mapPost(item, who);
          if (!mapped.ok) {
            batch.malformed!.push({ reason: mapped.reason, sample: sample(item) });
            continue;
          }
          newest = Math.max(newest, mapped.date);
          batch.newestAt = Math.max(batch.newestAt ?? 0, mapped.date * 1000);
          batch.records.push(mapped.record);
        }
        next = typeof response.next_from === 'string' && response.next_from ? response.next_from : undefined;
        if (!next || page + 1 === params.maxPages) {
          yield { ...batch, cursor: JSON.stringify({ since: newest }) };
          return;
        }
        yield batch;
      }
    },
  };
}
