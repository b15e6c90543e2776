/**
 * Bluesky's live firehose through Jetstream v1 (`/subscribe`, JSON frames). The cursor is the largest
 * `time_us` (microseconds) of a stored batch; a reconnect asks for `cursor − rewind`, because delivery
 * is at-least-once and events are only roughly time-ordered — the store drops the re-sent ones. A
 * refused handshake (429/5xx) or a dropped socket reconnects with exponential backoff and jitter; a
 * silent socket ends the pass (the runner reconnects on its schedule).
 */
import { BoundedMap } from '../../domain/bounded-map.ts';
import { HttpError } from '../../net/http.ts';
import { parseReset } from '../../net/rate-limit.ts';
import { frames, openSocket } from '../../net/ws.ts';
import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext } from '../types.ts';
import type { JetstreamParams } from './config.ts';
import { mapJetstreamEvent } from './map.ts';

/** Jetstream keeps 36 h; older cursors are silently clamped, which is a gap worth reporting. */
const REPLAY_WINDOW_US = 36 * 3600 * 1_000_000;

export function backoffMs(attempt: number, random: () => number, baseMs = 1000, capMs = 120_000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

interface Profile {
  handle: string;
  name?: string;
  followers?: number;
}

const PROFILE_CACHE = 50_000;

/**
 * Jetstream carries only DIDs: handles, names and follower counts come from getProfiles (25 actors per
 * call), cached per connector. A failed lookup leaves the DID as the handle; it never fails the pass.
 */
async function resolveProfiles(
  ctx: ConnectorContext,
  base: string,
  cache: BoundedMap<string, Profile>,
  dids: string[],
): Promise<void> {
  const missing = [...new Set(dids)].filter((d) => !cache.has(d));
  for (let i = 0; i < missing.length; i += 25) {
    const url = new URL('/xrpc/app.bsky.actor.getProfiles', base);
    for (const did of missing.slice(i, i + 25)) url.searchParams.append('actors', did);
    try {
      const res = await ctx.http.request({ url: url.toString(), headers: { accept: 'application/json' } });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      const body = JSON.parse(res.body) as {
        profiles?: Array<{ did?: string; handle?: string; displayName?: string; followersCount?: number }>;
      };
      for (const p of body.profiles ?? []) {
        if (!p.did || !p.handle) continue;
        cache.set(p.did, {
          handle: p.handle,
          name: p.displayName || undefined,
          followers: Number.isSafeInteger(p.followersCount) ? p.followersCount : undefined,
        });
      }
    } catch (error) {
      ctx.log('warn', 'Bluesky profile lookup failed; keeping DIDs as handles', { error: String(error) });
      return;
    }
  }
}

export function jetstreamConnector(params: JetstreamParams): Connector {
  const profiles = new BoundedMap<string, Profile>(PROFILE_CACHE);
  const keywords = params.keywords.map((k) => k.toLowerCase());
  const keep = (text: string) =>
    keywords.length === 0 || keywords.some((k) => text.toLowerCase().includes(k));

  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      let cursor = cursorText ? Number((JSON.parse(cursorText) as { timeUs: number }).timeUs) : undefined;
      if (cursor !== undefined && ctx.clock.now() * 1000 - cursor > REPLAY_WINDOW_US) {
        ctx.log('warn', 'Jetstream cursor is older than the 36 h replay window: posts in between are lost', {
          cursor,
        });
      }
      let failures = 0;
      while (!ctx.signal.aborted) {
        const url = new URL(params.url);
        url.searchParams.append('wantedCollections', 'app.bsky.feed.post');
        for (const did of params.wantedDids) url.searchParams.append('wantedDids', did);
        if (cursor !== undefined)
          url.searchParams.set('cursor', String(cursor - params.rewindSeconds * 1_000_000));
        ctx.http.breaker.check();
        let ws: Awaited<ReturnType<typeof openSocket>>;
        try {
          ws = await openSocket(url.toString(), { guardPrivate: ctx.guardPrivate });
        } catch (error) {
          ctx.http.breaker.failure();
          const retryable = error instanceof HttpError ? error.retryable : true;
          if (!retryable || failures >= params.reconnects) throw error;
          failures++;
          let wait = backoffMs(failures, ctx.random);
          const after = (error as { retryAfter?: string }).retryAfter;
          const until = after ? parseReset(after, ctx.clock.now()) : undefined;
          if (until !== undefined) wait = Math.max(wait, until - ctx.clock.now());
          ctx.log('warn', 'Jetstream refused the connection; backing off', {
            error: String(error),
            waitMs: wait,
          });
          await ctx.sleep(wait);
          continue;
        }
        ctx.http.breaker.success();
        const stream = frames(ws, { signal: ctx.signal, idleMs: params.idleMs, flushMs: params.flushMs });
        let end: Awaited<ReturnType<typeof stream.next>>;
        for (;;) {
          end = await stream.next();
          if (end.done) break;
          for (let i = 0; i < end.value.length; i += params.batchSize) {
            const batch: Batch = { records: [], malformed: [] };
            let maxTime = cursor ?? 0;
            for (const line of end.value.slice(i, i + params.batchSize)) {
              let event: Record<string, unknown>;
              try {
                event = JSON.parse(line) as Record<string, unknown>;
              } catch {
                batch.malformed!.push({ reason: 'frame is not JSON', sample: sample(line) });
                continue;
              }
              const mapped = mapJetstreamEvent(event ?? {});
              if (typeof event?.time_us === 'number') maxTime = Math.max(maxTime, event.time_us);
              if (mapped.ok === 'skip') continue;
              if (!mapped.ok) {
                batch.malformed!.push({ reason: mapped.reason, sample: sample(line) });
                continue;
              }
              if (!keep(mapped.record.text)) continue;
              batch.records.push(mapped.record);
            }
            if (batch.records.length > 0) {
              const dids = batch.records.map((r) => String((r as { did?: unknown }).did));
              await resolveProfiles(ctx, params.profilesUrl, profiles, dids);
              for (const r of batch.records) {
                const p = profiles.get(String((r as { did?: unknown }).did));
                if (p) r.author = { handle: p.handle, name: p.name, followers: p.followers };
              }
            }
            if (maxTime > 0) {
              batch.cursor = JSON.stringify({ timeUs: maxTime });
              batch.newestAt = Math.floor(maxTime / 1000);
              cursor = maxTime;
            }
            failures = 0;
            yield batch;
          }
        }
        if (end.value.reason !== 'closed') return;
        if (failures >= params.reconnects)
          throw new Error(`Jetstream closed the socket (code ${end.value.code})`);
        failures++;
        const wait = backoffMs(failures, ctx.random);
        ctx.log('warn', 'Jetstream socket closed; reconnecting from the cursor', {
          code: end.value.code,
          waitMs: wait,
        });
        await ctx.sleep(wait);
      }
    },
  };
}
