/**
 * Reddit with an app-only OAuth token (client_credentials), polling a newest-first listing:
 * `/r/{sub}/comments` or `/search`. `before=<newest seen>` is not trusted (a removed anchor returns an
 * empty page); instead the cursor keeps a high-water `created_utc` and the fullnames inside the overlap,
 * and a pass follows `after` until it reaches items older than the high-water. Pacing comes from the
 * x-ratelimit-* headers (HttpClient); a 401 renews the token once.
 */

import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext, Malformed } from '../types.ts';
import type { RedditParams, RedditSecrets } from './config.ts';
import { mapThing } from './map.ts';

interface RedditCursor {
  /** created_utc (ms) of the newest stored item. */
  hw: number;
  /** [fullname, created ms] stored at or after hw − overlap. */
  recent: Array<[string, number]>;
}

interface Listing {
  kind?: string;
  data?: { after?: string | null; children?: Array<{ kind?: string; data?: Record<string, unknown> }> };
}

export function redditConnector(params: RedditParams, secrets: RedditSecrets): Connector {
  let token: { value: string; expiresAt: number } | undefined;

  async function getToken(ctx: ConnectorContext, renew = false): Promise<string> {
    if (!renew && token && token.expiresAt > ctx.clock.now() + 60_000) return token.value;
    const res = await ctx.http.request({
      url: new URL('/api/v1/access_token', params.authBase).toString(),
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${secrets.clientId}:${secrets.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': params.userAgent,
      },
      body: 'grant_type=client_credentials',
    });
    if (res.status === 401 || res.status === 403) throw new Error('Reddit refused the client id/secret');
    if (res.status !== 200) throw new Error(`Reddit token endpoint answered HTTP ${res.status}`);
    const body = JSON.parse(res.body) as { access_token?: string; expires_in?: number };
    if (!body.access_token) throw new Error('Reddit token response has no access_token');
    token = { value: body.access_token, expiresAt: ctx.clock.now() + (body.expires_in ?? 3600) * 1000 };
    return token.value;
  }

  function listingUrl(after: string | undefined): string {
    const path =
      params.listing === 'comments'
        ? `/r/${params.subreddit}/comments`
        : params.subreddit
          ? `/r/${params.subreddit}/search`
          : '/search';
    const url = new URL(path, params.apiBase);
    url.searchParams.set('limit', '100');
    url.searchParams.set('raw_json', '1');
    if (params.listing === 'search') {
      url.searchParams.set('q', params.query!);
      url.searchParams.set('sort', 'new');
      url.searchParams.set('t', 'week');
      url.searchParams.set('type', 'link');
      if (params.subreddit) url.searchParams.set('restrict_sr', '1');
    }
    if (after) url.searchParams.set('after', after);
    return url.toString();
  }

  async function page(ctx: ConnectorContext, after: string | undefined): Promise<Listing> {
    for (let attempt = 0; ; attempt++) {
      const res = await ctx.http.request({
        url: listingUrl(after),
        headers: {
          authorization: `bearer ${await getToken(ctx, attempt > 0)}`,
          'user-agent': params.userAgent,
        },
      });
      if (res.status === 401 && attempt === 0) continue;
      if (res.status !== 200) throw new Error(`Reddit answered HTTP ${res.status}`);
      try {
        return JSON.parse(res.body) as Listing;
      } catch {
        throw new Error(`Reddit sent a body that is not JSON: ${sample(res.body)}`);
      }
    }
  }

  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      const cursor: RedditCursor = cursorText
        ? (JSON.parse(cursorText) as RedditCursor)
        : { hw: 0, recent: [] };
      const floor = cursor.hw - params.overlapSeconds * 1000;
      const recent = new Set(cursor.recent.map(([name]) => name));
      let hw = cursor.hw;
      const fresh: Array<{ name: string; at: number }> = [];
      let after: string | undefined;
      for (let n = 0; n < params.maxPages; n++) {
        const listing = await page(ctx, after);
        const children = listing?.data?.children;
        if (listing?.kind !== 'Listing' || !Array.isArray(children)) {
          throw new Error(`Reddit sent something other than a Listing: ${sample(listing)}`);
        }
        const batch: Batch = { records: [], malformed: [] as Malformed[] };
        let reachedFloor = false;
        for (const child of children) {
          const mapped = mapThing(child);
          if (!mapped.ok) {
            batch.malformed!.push({ reason: mapped.reason, sample: sample(child) });
            continue;
          }
          if (mapped.at < floor) {
            reachedFloor = true;
            continue;
          }
          if (recent.has(mapped.name)) continue;
          recent.add(mapped.name);
          fresh.push({ name: mapped.name, at: mapped.at });
          hw = Math.max(hw, mapped.at);
          batch.newestAt = Math.max(batch.newestAt ?? 0, mapped.at);
          batch.records.push(mapped.record);
        }
        after = listing.data?.after ?? undefined;
        // The first sync reads only a little: the listing's history is not the brand's backlog.
        const limit = cursor.hw === 0 ? params.firstSyncPages : params.maxPages;
        const done = reachedFloor || !after || n + 1 >= limit;
        if (done) {
          const keepFrom = hw - params.overlapSeconds * 1000;
          const kept = [...cursor.recent, ...fresh.map((f): [string, number] => [f.name, f.at])]
            .filter(([, at]) => at >= keepFrom)
            .slice(-2000);
          yield { ...batch, cursor: JSON.stringify({ hw, recent: kept } satisfies RedditCursor) };
          return;
        }
        yield batch;
      }
    },
  };
}
