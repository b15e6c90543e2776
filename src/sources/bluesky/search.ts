/**
 * Bluesky backfill through `app.bsky.feed.searchPosts` (sort=latest), logged in with an app password
 * (public search is often disabled for anonymous callers). The session is cached and refreshed with
 * its refresh token (createSession is limited to 30 per 5 minutes). The cursor is the newest
 * `indexedAt` stored; a pass asks `since` = cursor − overlap and pages until the server stops giving a
 * cursor. Bluesky asks that search not be the primary feed: this fills gaps the firehose left.
 */

import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext } from '../types.ts';
import type { SearchParams, SearchSecrets } from './config.ts';
import { mapPostView } from './map.ts';

interface Session {
  accessJwt: string;
  refreshJwt: string;
}

export function searchConnector(params: SearchParams, secrets: SearchSecrets): Connector {
  let session: Session | undefined;

  async function login(ctx: ConnectorContext, refresh: boolean): Promise<Session> {
    const path =
      refresh && session ? 'com.atproto.server.refreshSession' : 'com.atproto.server.createSession';
    const res = await ctx.http.request({
      url: new URL(`/xrpc/${path}`, params.service).toString(),
      method: 'POST',
      headers:
        refresh && session
          ? { authorization: `Bearer ${session.refreshJwt}` }
          : { 'content-type': 'application/json' },
      body:
        refresh && session
          ? undefined
          : JSON.stringify({ identifier: secrets.identifier, password: secrets.appPassword }),
    });
    if (res.status === 401 || res.status === 400) {
      if (refresh && session) {
        session = undefined;
        return login(ctx, false);
      }
      throw new Error('Bluesky refused the identifier/app password');
    }
    if (res.status !== 200) throw new Error(`Bluesky ${path} answered HTTP ${res.status}`);
    const body = JSON.parse(res.body) as Partial<Session>;
    if (!body.accessJwt || !body.refreshJwt) throw new Error('Bluesky session response has no tokens');
    session = { accessJwt: body.accessJwt, refreshJwt: body.refreshJwt };
    return session;
  }

  async function search(ctx: ConnectorContext, since: number, pageCursor: string | undefined) {
    const url = new URL('/xrpc/app.bsky.feed.searchPosts', params.service);
    url.searchParams.set('q', params.query);
    url.searchParams.set('sort', 'latest');
    url.searchParams.set('since', new Date(since).toISOString());
    url.searchParams.set('limit', '100');
    if (params.lang) url.searchParams.set('lang', params.lang);
    if (pageCursor) url.searchParams.set('cursor', pageCursor);
    for (let attempt = 0; ; attempt++) {
      const s = session ?? (await login(ctx, false));
      const res = await ctx.http.request({
        url: url.toString(),
        headers: { authorization: `Bearer ${s.accessJwt}` },
      });
      if (
        (res.status === 400 || res.status === 401) &&
        attempt === 0 &&
        /ExpiredToken|InvalidToken/.test(res.body)
      ) {
        await login(ctx, true);
        continue;
      }
      if (res.status !== 200) throw new Error(`searchPosts answered HTTP ${res.status}: ${sample(res.body)}`);
      try {
        return JSON.parse(res.body) as { posts?: unknown[]; cursor?: string };
      } catch {
        throw new Error(`searchPosts sent a body that is not JSON: ${sample(res.body)}`);
      }
    }
  }

  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      const stored = cursorText ? (JSON.parse(cursorText) as { since: number }).since : undefined;
      const since =
        stored !== undefined
          ? stored - params.overlapSeconds * 1000
          : ctx.clock.now() - params.lookbackHours * 3_600_000;
      let newest = stored ?? since;
      let pageCursor: string | undefined;
      for (let n = 0; n < params.maxPages; n++) {
        const body = await search(ctx, since, pageCursor);
        if (!Array.isArray(body.posts)) throw new Error(`searchPosts response has no posts: ${sample(body)}`);
        const batch: Batch = { records: [], malformed: [] };
        for (const post of body.posts) {
          const mapped = mapPostView((post ?? {}) as Record<string, unknown>);
          if (mapped.ok !== true) {
            if (mapped.ok === false) batch.malformed!.push({ reason: mapped.reason, sample: sample(post) });
            continue;
          }
          const indexed = Date.parse(String((post as { indexedAt?: unknown }).indexedAt));
          const at = Number.isFinite(indexed) ? indexed : Number(mapped.record.createdAt);
          newest = Math.max(newest, at);
          batch.newestAt = Math.max(batch.newestAt ?? 0, at);
          batch.records.push(mapped.record);
        }
        pageCursor = typeof body.cursor === 'string' && body.posts.length > 0 ? body.cursor : undefined;
        if (!pageCursor || n + 1 === params.maxPages) {
          yield { ...batch, cursor: JSON.stringify({ since: newest }) };
          return;
        }
        yield batch;
      }
    },
  };
}
