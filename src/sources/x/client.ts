/**
 * X API v2 with an app-only Bearer token. Search mode polls `GET /2/tweets/search/recent` with
 * `since_id` = newest stored post (pages newest-first with `next_token`; the cursor moves once every page
 * of the pass is stored). Stream mode ensures the configured rules, catches up with recent search from
 * the cursor (the stream only backfills on enterprise plans), then reads `GET /2/tweets/search/stream`
 * — newline-delimited JSON with blank keep-alive lines — moving the cursor with each stored batch and
 * catching up again after every disconnect. Rate limits come from `x-rate-limit-*` (HttpClient).
 */
import { HttpError } from '../../net/http.ts';
import { parseReset } from '../../net/rate-limit.ts';
import { openEventStream } from '../../net/sse.ts';
import { frames } from '../../net/ws.ts';
import { backoffMs } from '../bluesky/jetstream.ts';
import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext } from '../types.ts';
import type { XParams, XSecrets } from './config.ts';
import { idGreater, mapPost, usersById } from './map.ts';

const FIELDS = {
  'tweet.fields': 'created_at,author_id,lang,conversation_id,public_metrics,referenced_tweets,note_tweet',
  expansions: 'author_id',
  'user.fields': 'username,name,verified,public_metrics',
};

export function xConnector(params: XParams, secrets: XSecrets): Connector {
  const auth = { authorization: `Bearer ${secrets.bearerToken}` };

  async function getJson(
    ctx: ConnectorContext,
    url: URL,
    init: { method?: 'GET' | 'POST'; body?: string } = {},
  ) {
    const res = await ctx.http.request({
      url: url.toString(),
      method: init.method,
      body: init.body,
      headers: {
        ...auth,
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
    if (res.status === 401 || res.status === 403)
      throw new Error(`X refused the bearer token or plan (HTTP ${res.status})`);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`X answered HTTP ${res.status}: ${sample(res.body)}`);
    try {
      return JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      throw new Error(`X sent a body that is not JSON: ${sample(res.body)}`);
    }
  }

  function toBatch(
    body: Record<string, unknown>,
    posts: unknown[],
    ctx: ConnectorContext,
    top: string | undefined,
  ) {
    const users = usersById(body.includes);
    const batch: Batch = { records: [], malformed: [] };
    for (const post of posts) {
      const mapped = mapPost(post, users, ctx.clock.now());
      if (!mapped.ok) {
        batch.malformed!.push({ reason: mapped.reason, sample: sample(post) });
        continue;
      }
      if (!top || idGreater(mapped.id, top)) top = mapped.id;
      batch.records.push(mapped.record);
      batch.newestAt = Math.max(batch.newestAt ?? 0, Number(mapped.record.createdAt));
    }
    return { batch, top };
  }

  async function* search(
    ctx: ConnectorContext,
    sinceId: string | undefined,
  ): AsyncGenerator<Batch, string | undefined> {
    let newest = sinceId;
    let next: string | undefined;
    for (let page = 0; page < params.maxPages; page++) {
      const url = new URL('/2/tweets/search/recent', params.apiBase);
      url.searchParams.set('query', params.query);
      url.searchParams.set('max_results', '100');
      for (const [k, v] of Object.entries(FIELDS)) url.searchParams.set(k, v);
      if (sinceId) url.searchParams.set('since_id', sinceId);
      else
        url.searchParams.set(
          'start_time',
          new Date(ctx.clock.now() - params.lookbackHours * 3_600_000)
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z'),
        );
      if (next) url.searchParams.set('next_token', next);
      const body = await getJson(ctx, url);
      const { batch, top } = toBatch(body, Array.isArray(body.data) ? body.data : [], ctx, newest);
      newest = top;
      next =
        typeof (body.meta as Record<string, unknown> | undefined)?.next_token === 'string'
          ? ((body.meta as Record<string, unknown>).next_token as string)
          : undefined;
      if (!next || page + 1 === params.maxPages) {
        if (newest) batch.cursor = JSON.stringify({ sinceId: newest });
        yield batch;
        return newest;
      }
      yield batch;
    }
    return newest;
  }

  async function ensureRules(ctx: ConnectorContext): Promise<void> {
    if (params.rules.length === 0) return;
    const existing = await getJson(ctx, new URL('/2/tweets/search/stream/rules', params.apiBase));
    const have = new Set(((existing.data as Array<{ value: string }> | undefined) ?? []).map((r) => r.value));
    const add = params.rules.filter((r) => !have.has(r.value));
    if (add.length === 0) return;
    await getJson(ctx, new URL('/2/tweets/search/stream/rules', params.apiBase), {
      method: 'POST',
      body: JSON.stringify({ add }),
    });
  }

  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      let sinceId = cursorText ? (JSON.parse(cursorText) as { sinceId?: string }).sinceId : undefined;
      if (params.mode === 'search') {
        yield* search(ctx, sinceId);
        return;
      }
      await ensureRules(ctx);
      sinceId = yield* search(ctx, sinceId);
      const url = new URL('/2/tweets/search/stream', params.apiBase);
      for (const [k, v] of Object.entries(FIELDS)) url.searchParams.set(k, v);
      let failures = 0;
      while (!ctx.signal.aborted) {
        ctx.http.breaker.check();
        let sock: Awaited<ReturnType<typeof openEventStream>>;
        try {
          sock = await openEventStream(url.toString(), {
            guardPrivate: ctx.guardPrivate,
            headers: auth,
            format: 'lines',
          });
        } catch (error) {
          ctx.http.breaker.failure();
          if (!(error instanceof HttpError ? error.retryable : true) || failures >= 8) throw error;
          failures++;
          let wait = backoffMs(
            failures,
            ctx.random,
            error instanceof HttpError && error.status === 429 ? 60_000 : 1000,
          );
          const after = (error as { retryAfter?: string }).retryAfter;
          const until = after ? parseReset(after, ctx.clock.now()) : undefined;
          if (until !== undefined) wait = Math.max(wait, until - ctx.clock.now());
          await ctx.sleep(wait);
          continue;
        }
        ctx.http.breaker.success();
        const stream = frames(sock, { signal: ctx.signal, idleMs: params.idleMs, flushMs: params.flushMs });
        let step: Awaited<ReturnType<typeof stream.next>>;
        let disconnected = false;
        for (;;) {
          step = await stream.next();
          if (step.done) break;
          const posts: unknown[] = [];
          const bodies: Record<string, unknown>[] = [];
          const bad: NonNullable<Batch['malformed']> = [];
          for (const line of step.value) {
            if (line === '') continue;
            let msg: Record<string, unknown>;
            try {
              msg = JSON.parse(line) as Record<string, unknown>;
            } catch {
              bad.push({ reason: 'stream line is not JSON', sample: sample(line) });
              continue;
            }
            if (msg.errors && !msg.data) {
              ctx.log('warn', 'X stream error message', { errors: sample(msg.errors) });
              disconnected = true;
              continue;
            }
            posts.push({ ...(msg.data as object), matching_rules: msg.matching_rules });
            bodies.push(msg);
          }
          const users = new Map<string, Record<string, unknown>>();
          for (const b of bodies) for (const [k, v] of usersById(b.includes)) users.set(k, v);
          const { batch, top } = toBatch({ includes: { users: [...users.values()] } }, posts, ctx, sinceId);
          batch.malformed!.push(...bad);
          if (top && top !== sinceId) {
            sinceId = top;
            batch.cursor = JSON.stringify({ sinceId });
          }
          failures = 0;
          yield batch;
          if (disconnected) break;
        }
        if (!disconnected && step!.done && step!.value.reason === 'aborted') return;
        if (!disconnected && step!.done && step!.value.reason === 'idle')
          ctx.log('warn', 'X stream went silent; reconnecting');
        failures++;
        if (failures > 8) throw new Error('X keeps dropping the stream');
        await ctx.sleep(backoffMs(failures, ctx.random));
        // Anything posted while disconnected comes from recent search.
        sinceId = yield* search(ctx, sinceId);
        if (ctx.signal.aborted) return;
      }
    },
  };
}
