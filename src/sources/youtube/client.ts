/**
 * YouTube comment threads of given videos/channels with an API key. There is no "since" filter: each
 * target is read newest-first (order=time) until a page reaches the stored high-water mark. There are
 * no rate-limit headers either — only a daily quota — so the connector counts its own units (1 per
 * commentThreads.list call, failed calls included) per Pacific day and stops before its share is spent;
 * a 403 quotaExceeded ends the day. The unit count travels in the cursor, saved with every page.
 */
import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext } from '../types.ts';
import type { YoutubeParams, YoutubeSecrets } from './config.ts';
import { mapThread, quotaDay } from './map.ts';

interface YtCursor {
  /** Per target ("v:<id>" / "c:<id>"): newest publishedAt stored (ms). */
  hw: Record<string, number>;
  quota: { day: string; used: number };
}

export class QuotaSpentError extends Error {}

function googleReason(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { errors?: Array<{ reason?: string }> } }).error?.errors?.[0]
      ?.reason;
  } catch {
    return undefined;
  }
}

export function youtubeConnector(params: YoutubeParams, secrets: YoutubeSecrets): Connector {
  const targets = [...params.videoIds.map((v) => `v:${v}`), ...params.channelIds.map((c) => `c:${c}`)];
  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      const cursor: YtCursor = cursorText
        ? (JSON.parse(cursorText) as YtCursor)
        : { hw: {}, quota: { day: '', used: 0 } };
      const today = quotaDay(ctx.clock.now());
      if (cursor.quota.day !== today) cursor.quota = { day: today, used: 0 };
      const save = () => JSON.stringify(cursor);

      for (const target of targets) {
        const hw = cursor.hw[target];
        const floor = hw === undefined ? undefined : hw - params.overlapSeconds * 1000;
        let newest = hw ?? 0;
        let pageToken: string | undefined;
        for (let page = 0; page < (hw === undefined ? 1 : params.maxPages); page++) {
          if (cursor.quota.used + 1 > params.dailyUnits) {
            yield { records: [], cursor: save() };
            throw new QuotaSpentError(
              `daily quota share of ${params.dailyUnits} units spent; resumes after midnight Pacific`,
            );
          }
          const url = new URL('/youtube/v3/commentThreads', params.apiBase);
          url.searchParams.set('part', 'snippet,replies');
          url.searchParams.set(
            target.startsWith('v:') ? 'videoId' : 'allThreadsRelatedToChannelId',
            target.slice(2),
          );
          url.searchParams.set('order', 'time');
          url.searchParams.set('maxResults', '100');
          url.searchParams.set('textFormat', 'plainText');
          url.searchParams.set('key', secrets.apiKey);
          if (pageToken) url.searchParams.set('pageToken', pageToken);
          cursor.quota.used++;
          const res = await ctx.http.request({
            url: url.toString(),
            headers: { accept: 'application/json' },
          });
          if (res.status === 403 && googleReason(res.body) === 'quotaExceeded') {
            cursor.quota.used = params.dailyUnits;
            yield { records: [], cursor: save() };
            throw new QuotaSpentError('YouTube quotaExceeded: the project quota for today is spent');
          }
          if (res.status === 403 || res.status === 404) {
            // commentsDisabled / videoNotFound concern one video, not the source.
            ctx.log('warn', 'YouTube target skipped', {
              target,
              status: res.status,
              reason: googleReason(res.body),
            });
            yield { records: [], cursor: save() };
            break;
          }
          if (res.status !== 200)
            throw new Error(`YouTube answered HTTP ${res.status}: ${googleReason(res.body) ?? ''}`);
          let body: { items?: unknown[]; nextPageToken?: string };
          try {
            body = JSON.parse(res.body) as typeof body;
          } catch {
            throw new Error(`YouTube sent a body that is not JSON: ${sample(res.body)}`);
          }
          const batch: Batch = { records: [], malformed: [] };
          let reachedFloor = false;
          for (const item of body.items ?? []) {
            const mapped = mapThread(item);
            if (!mapped.ok) {
              batch.malformed!.push({ reason: mapped.reason, sample: sample(item) });
              continue;
            }
            if (floor !== undefined && mapped.at < floor) {
              reachedFloor = true;
              continue;
            }
            newest = Math.max(newest, mapped.at);
            batch.newestAt = Math.max(batch.newestAt ?? 0, mapped.at);
            batch.records.push(...mapped.records);
          }
          pageToken = body.nextPageToken;
          const done = reachedFloor || !pageToken || page + 1 >= (hw === undefined ? 1 : params.maxPages);
          // The high-water mark moves only when the target is read down to it.
          if (done) cursor.hw[target] = newest;
          yield { ...batch, cursor: save() };
          if (done) break;
        }
      }
    },
  };
}
