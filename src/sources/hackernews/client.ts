/**
 * Hacker News through Algolia's search_by_date (newest first, no rate-limit headers, at most 1 000 hits
 * reachable per query). A pass reads everything at or after (newest stored − overlap); when the
 * 1 000-hit wall is near it narrows the window's upper end to the oldest hit seen and starts again at
 * page 0. The high-water mark is saved after the whole window is stored: a crash re-reads the window,
 * and the store drops what it already has.
 */

import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext, Malformed } from '../types.ts';
import type { HnParams } from './config.ts';
import { type HnHit, mapHit } from './map.ts';

interface HnCursor {
  /** created_at_i (seconds) of the newest stored hit. */
  since: number;
}

interface SearchResponse {
  hits?: HnHit[];
  nbPages?: number;
  page?: number;
}

const REACHABLE = 1000;

export function hnConnector(params: HnParams): Connector {
  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      const now = Math.floor(ctx.clock.now() / 1000);
      let since = now - params.lookbackHours * 3600;
      if (cursorText) {
        const c = JSON.parse(cursorText) as HnCursor;
        if (Number.isSafeInteger(c.since)) since = c.since - params.overlapSeconds;
      }
      let newest = cursorText ? (JSON.parse(cursorText) as HnCursor).since : since;
      let upper: number | undefined;
      let page = 0;
      const seen = new Set<string>();
      for (let guard = 0; guard < 1000; guard++) {
        const filters = [`created_at_i>=${since}`];
        if (upper !== undefined) filters.push(`created_at_i<=${upper}`);
        const url = new URL('/api/v1/search_by_date', params.apiBase);
        url.searchParams.set('query', params.query);
        url.searchParams.set('tags', params.tags);
        url.searchParams.set('numericFilters', filters.join(','));
        url.searchParams.set('hitsPerPage', String(params.hitsPerPage));
        url.searchParams.set('page', String(page));
        const res = await ctx.http.request({ url: url.toString(), headers: { accept: 'application/json' } });
        if (res.status !== 200) throw new Error(`Algolia answered HTTP ${res.status}`);
        let body: SearchResponse;
        try {
          body = JSON.parse(res.body) as SearchResponse;
        } catch {
          throw new Error(`Algolia sent a body that is not JSON: ${sample(res.body)}`);
        }
        const hits = Array.isArray(body.hits) ? body.hits : [];
        const batch: Batch = { records: [], malformed: [] as Malformed[] };
        let oldest: number | undefined;
        for (const hit of hits) {
          const mapped = mapHit(hit ?? {});
          if (!mapped.ok) {
            batch.malformed!.push({ reason: mapped.reason, sample: sample(hit) });
            continue;
          }
          const seconds = Math.floor(mapped.at / 1000);
          oldest = Math.min(oldest ?? seconds, seconds);
          newest = Math.max(newest, seconds);
          batch.newestAt = Math.max(batch.newestAt ?? 0, mapped.at);
          if (seen.has(String(mapped.record.id))) continue;
          seen.add(String(mapped.record.id));
          batch.records.push(mapped.record);
        }
        const lastPage = hits.length === 0 || page + 1 >= (body.nbPages ?? 0);
        const atWall = (page + 2) * params.hitsPerPage > REACHABLE;
        if (lastPage && !(atWall && hits.length === params.hitsPerPage)) {
          yield { ...batch, cursor: JSON.stringify({ since: newest } satisfies HnCursor) };
          return;
        }
        yield batch;
        if (atWall && oldest !== undefined) {
          upper = oldest;
          page = 0;
        } else page++;
      }
      throw new Error('Hacker News window did not converge');
    },
  };
}
