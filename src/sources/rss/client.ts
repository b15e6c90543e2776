/**
 * RSS/Atom polling with conditional GET: the stored ETag / Last-Modified go back as If-None-Match /
 * If-Modified-Since and a 304 costs nothing. The cursor also keeps the ids seen recently, so a feed
 * that changes its ETag on every request still yields only new items (re-sent items would be dropped
 * by the store anyway; this keeps them out of the pipeline).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { sample } from '../text.ts';
import type { Batch, Connector, ConnectorContext, Malformed } from '../types.ts';
import type { RssParams } from './config.ts';
import { feedItems, mapItem } from './map.ts';

interface RssCursor {
  etag?: string;
  lastModified?: string;
  seen: string[];
}

const SEEN_KEPT = 2000;

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

export function parseCursor(text: string | undefined): RssCursor {
  if (!text) return { seen: [] };
  try {
    const c = JSON.parse(text) as RssCursor;
    return { etag: c.etag, lastModified: c.lastModified, seen: Array.isArray(c.seen) ? c.seen : [] };
  } catch {
    return { seen: [] };
  }
}

export function parseFeedXml(xml: string): Record<string, unknown> {
  // Entity declarations are the billion-laughs vector; feeds never need them.
  if (/<!ENTITY/i.test(xml)) throw new Error('feed declares XML entities; refused');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(xml) as Record<string, unknown>;
}

export function rssConnector(params: RssParams): Connector {
  return {
    async *sync(cursorText: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch> {
      const cursor = parseCursor(cursorText);
      const headers: Record<string, string> = {
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
      };
      if (cursor.etag) headers['if-none-match'] = cursor.etag;
      if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified;
      const res = await ctx.http.request({ url: params.url, headers });
      if (res.status === 304) return;
      if (res.status !== 200) throw new Error(`feed answered HTTP ${res.status}`);

      let doc: Record<string, unknown>;
      try {
        doc = parseFeedXml(res.body);
      } catch (error) {
        throw new Error(`feed is not readable XML: ${(error as Error).message}`);
      }
      const feed = feedItems(doc);
      if (!feed) throw new Error('document is neither RSS nor Atom');

      const seen = new Set(cursor.seen);
      const fresh: string[] = [];
      let batch: Batch = { records: [], malformed: [] };
      const malformed: Malformed[] = [];
      const now = ctx.clock.now();
      for (const item of feed.items) {
        const mapped = mapItem(item, feed, params.url, now);
        if (!mapped.ok) {
          malformed.push({ reason: mapped.reason, sample: sample(item) });
          continue;
        }
        const id = String(mapped.record.id);
        if (seen.has(id)) continue;
        seen.add(id);
        fresh.push(id);
        batch.records.push(mapped.record);
        const t =
          typeof mapped.record.createdAt === 'number'
            ? mapped.record.createdAt
            : Date.parse(mapped.record.createdAt);
        batch.newestAt = Math.max(batch.newestAt ?? 0, t);
        if (batch.records.length >= params.batchSize) {
          yield batch;
          batch = { records: [], malformed: [] };
        }
      }
      const next: RssCursor = {
        etag: header(res.headers.etag),
        lastModified: header(res.headers['last-modified']),
        seen: [...cursor.seen.filter((id) => !fresh.includes(id)), ...fresh].slice(-SEEN_KEPT),
      };
      // The validators and the seen set only move once every item of this response is stored.
      yield { ...batch, malformed, cursor: JSON.stringify(next) };
    },
  };
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
