/**
 * Mastodon hashtag listening on any instance. REST: `GET /api/v1/timelines/tag/:tag` walked forward
 * with `min_id` (no gaps, unlike `since_id`); each page comes newest-first, so the next page starts at
 * its largest id, and that id is a safe cursor as soon as the page is stored. Stream mode first catches
 * up through REST from the cursor (the stream has no replay), then reads the SSE hashtag stream,
 * moving the cursor with every stored `update`. Ids are instance-local, so the cursor names its host.
 */
import { HttpError } from '../../net/http.ts';
import { parseReset } from '../../net/rate-limit.ts';
import { openEventStream } from '../../net/sse.ts';
import { frames, openSocket } from '../../net/ws.ts';
import { backoffMs } from '../bluesky/jetstream.ts';
import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext } from '../types.ts';
import type { MastodonParams, MastodonSecrets } from './config.ts';
import { idGreater, mapStatus } from './map.ts';

interface MastodonCursor {
  host: string;
  minId: string;
}

export function mastodonConnector(params: MastodonParams, secrets: MastodonSecrets): Connector {
  const host = new URL(params.instance).host;
  const auth: Record<string, string> = secrets.accessToken
    ? { authorization: `Bearer ${secrets.accessToken}` }
    : {};

  function toBatch(
    statuses: unknown[],
    minId: string | undefined,
  ): { batch: Batch; top: string | undefined } {
    const batch: Batch = { records: [], malformed: [] };
    let top = minId;
    for (const s of statuses) {
      const mapped = mapStatus(s, host);
      if (!mapped.ok) {
        batch.malformed!.push({ reason: mapped.reason, sample: sample(s) });
        continue;
      }
      if (!top || idGreater(mapped.localId, top)) top = mapped.localId;
      batch.records.push(mapped.record);
      batch.newestAt = Math.max(batch.newestAt ?? 0, Number(mapped.record.createdAt));
    }
    return { batch, top };
  }

  async function* catchUp(
    ctx: ConnectorContext,
    start: string | undefined,
  ): AsyncGenerator<Batch, string | undefined> {
    let minId = start;
    for (let page = 0; page < params.maxPages; page++) {
      const url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(params.hashtag)}`, params.instance);
      url.searchParams.set('limit', '40');
      if (params.local) url.searchParams.set('local', 'true');
      if (minId) url.searchParams.set('min_id', minId);
      const res = await ctx.http.request({
        url: url.toString(),
        headers: { accept: 'application/json', ...auth },
      });
      if (res.status !== 200) throw new Error(`${host} answered HTTP ${res.status} for #${params.hashtag}`);
      let statuses: unknown;
      try {
        statuses = JSON.parse(res.body);
      } catch {
        throw new Error(`${host} sent a body that is not JSON: ${sample(res.body)}`);
      }
      if (!Array.isArray(statuses)) throw new Error(`${host} sent something other than a Status array`);
      const { batch, top } = toBatch(statuses, minId);
      if (top) batch.cursor = JSON.stringify({ host, minId: top } satisfies MastodonCursor);
      yield batch;
      // Without a checkpoint the first page (the newest) is where listening starts.
      if (statuses.length === 0 || !minId || top === minId) return top;
      minId = top;
    }
    return minId;
  }

  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      let stored = cursorText ? (JSON.parse(cursorText) as MastodonCursor) : undefined;
      if (stored && stored.host !== host) {
        ctx.log('warn', 'instance changed: its status ids are not comparable, starting afresh', {
          from: stored.host,
          to: host,
        });
        stored = undefined;
      }
      let minId = yield* catchUp(ctx, stored?.minId);
      if (params.mode === 'poll') return;

      const streamUrl = new URL('/api/v1/streaming/hashtag', params.streamingUrl ?? params.instance);
      if (params.local) streamUrl.pathname += '/local';
      streamUrl.searchParams.set('tag', params.hashtag);
      const wsUrl = new URL('/api/v1/streaming', params.streamingUrl ?? params.instance);
      wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
      wsUrl.searchParams.set('stream', params.local ? 'hashtag:local' : 'hashtag');
      wsUrl.searchParams.set('tag', params.hashtag);
      const open = () =>
        params.transport === 'websocket'
          ? openSocket(wsUrl.toString(), { guardPrivate: ctx.guardPrivate, headers: auth })
          : openEventStream(streamUrl.toString(), { guardPrivate: ctx.guardPrivate, headers: auth });
      let failures = 0;
      while (!ctx.signal.aborted) {
        ctx.http.breaker.check();
        let sock: Awaited<ReturnType<typeof openEventStream>>;
        try {
          sock = await open();
        } catch (error) {
          ctx.http.breaker.failure();
          const retryable = error instanceof HttpError ? error.retryable : true;
          if (!retryable || failures >= 8) throw error;
          failures++;
          let wait = backoffMs(failures, ctx.random);
          const after = (error as { retryAfter?: string }).retryAfter;
          const until = after ? parseReset(after, ctx.clock.now()) : undefined;
          if (until !== undefined) wait = Math.max(wait, until - ctx.clock.now());
          await ctx.sleep(wait);
          continue;
        }
        ctx.http.breaker.success();
        const stream = frames(sock, { signal: ctx.signal, idleMs: params.idleMs, flushMs: params.flushMs });
        let step: Awaited<ReturnType<typeof stream.next>>;
        for (;;) {
          step = await stream.next();
          if (step.done) break;
          const statuses: unknown[] = [];
          const bad: Batch['malformed'] = [];
          for (const frame of step.value) {
            // SSE frames arrive as {event,data}; WebSocket frames as {stream,event,payload} (payload = JSON text).
            let e: { event?: string; data?: string; payload?: string };
            try {
              e = JSON.parse(frame) as typeof e;
            } catch {
              bad.push({ reason: 'stream frame is not JSON', sample: sample(frame) });
              continue;
            }
            e.data ??= e.payload;
            if ((e.event !== 'update' && e.event !== 'status.update') || typeof e.data !== 'string') continue;
            try {
              statuses.push(JSON.parse(e.data));
            } catch {
              bad.push({ reason: `${e.event} payload is not JSON`, sample: sample(e.data) });
            }
          }
          const { batch, top } = toBatch(statuses, minId);
          batch.malformed!.push(...bad);
          if (top && top !== minId) {
            minId = top;
            batch.cursor = JSON.stringify({ host, minId: top } satisfies MastodonCursor);
          }
          failures = 0;
          yield batch;
        }
        if (step.value.reason !== 'closed') return;
        failures++;
        if (failures > 8) throw new Error(`${host} keeps closing the stream`);
        await ctx.sleep(backoffMs(failures, ctx.random));
        // The stream has no replay: whatever was posted while it was down comes from REST.
        minId = yield* catchUp(ctx, minId);
      }
    },
  };
}
