/**
 * RSS 2.0 / Atom 1.0 item → native record (PROTOCOLS.md §4). Identity: guid/id, else link, else a hash
 * of title + date + description. Google Alerts redirect links are unwrapped to the article URL.
 */
import { createHash } from 'node:crypto';
import type { NativeRecord } from '../../domain/record.ts';
import { htmlToText } from '../text.ts';

type Node = Record<string, unknown>;

export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (typeof v === 'object') {
    const node = v as Node;
    if ('#text' in node) return text(node['#text']);
    // Atom xhtml content: flatten the element's text.
    return Object.entries(node)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, child]) => text(child) ?? '')
      .join(' ');
  }
  return undefined;
}

function list(v: unknown): Node[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as Node[];
}

export function unwrapGoogleRedirect(url: string): string {
  try {
    const u = new URL(url);
    if (u.hostname === 'www.google.com' && u.pathname === '/url') return u.searchParams.get('url') ?? url;
  } catch {
    // Not a URL: keep it as the feed gave it.
  }
  return url;
}

function date(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : t;
}

export interface FeedItems {
  feedTitle?: string;
  lang?: string;
  items: Node[];
  format: 'rss' | 'atom' | 'rdf';
}

export function feedItems(doc: Node): FeedItems | undefined {
  const rss = doc.rss as Node | undefined;
  if (rss?.channel) {
    const channel = (Array.isArray(rss.channel) ? rss.channel[0] : rss.channel) as Node;
    return {
      feedTitle: text(channel.title),
      lang: text(channel.language),
      items: list(channel.item),
      format: 'rss',
    };
  }
  const feed = doc.feed as Node | undefined;
  if (feed) {
    return {
      feedTitle: text(feed.title),
      lang: text(feed['@_xml:lang']),
      items: list(feed.entry),
      format: 'atom',
    };
  }
  const rdf = (doc['rdf:RDF'] ?? doc.RDF) as Node | undefined;
  if (rdf) {
    const channel = list(rdf.channel)[0];
    return { feedTitle: text(channel?.title), items: list(rdf.item), format: 'rdf' };
  }
  return undefined;
}

export type MapResult = { ok: true; record: NativeRecord } | { ok: false; reason: string };

export function mapItem(item: Node, feed: FeedItems, feedUrl: string, fallbackNow: number): MapResult {
  const atom = feed.format === 'atom';
  let link: string | undefined;
  if (atom) {
    const links = list(item.link);
    const alt = links.find((l) => !l['@_rel'] || l['@_rel'] === 'alternate') ?? links[0];
    link = alt ? (alt['@_href'] as string | undefined) : undefined;
  } else {
    link = text(item.link)?.trim();
  }
  const guidNode = item.guid;
  const guid = (atom ? text(item.id) : text(guidNode))?.trim();
  const permalinkGuid =
    !atom && guid && (typeof guidNode !== 'object' || (guidNode as Node)['@_isPermaLink'] !== 'false');
  const title = text(item.title);
  const body = text(item['content:encoded'] ?? item.content ?? item.description ?? item.summary);
  const when = atom
    ? (text(item.published) ?? text(item.updated))
    : (text(item.pubDate) ?? text(item['dc:date']));
  const createdAt = date(when);
  if (!title && !body && !link && !guid) return { ok: false, reason: 'item has no title, text, link or id' };
  if (when && createdAt === undefined) return { ok: false, reason: `unreadable date "${when.slice(0, 60)}"` };

  if (link) link = unwrapGoogleRedirect(link);
  const url = link ?? (permalinkGuid && guid && /^https?:\/\//i.test(guid) ? guid : undefined);
  const id =
    guid ??
    url ??
    createHash('sha256')
      .update(`${title ?? ''}\n${when ?? ''}\n${body ?? ''}`)
      .digest('hex')
      .slice(0, 32);

  const plainTitle = title ? htmlToText(title) : undefined;
  const plainBody = body ? htmlToText(body) : '';
  const authorNode = atom ? list(item.author)[0] : undefined;
  const authorName = atom
    ? text(authorNode?.name)?.trim()
    : (text(item['dc:creator']) ?? text(item.author))?.trim();
  const record: NativeRecord = {
    source: 'rss',
    id,
    text: plainBody || plainTitle || '',
    createdAt: createdAt ?? fallbackNow,
    feed: feedUrl,
  } as NativeRecord;
  if (plainTitle) record.title = plainTitle;
  if (url) record.url = url;
  if (authorName) record.author = { handle: authorName };
  const lang = text(item['@_xml:lang']) ?? feed.lang;
  if (lang) record.lang = lang.slice(0, 2).toLowerCase();
  const source = item.source as Node | undefined;
  if (source && typeof source === 'object' && source['@_url'])
    (record as Record<string, unknown>).outlet = text(source);
  return { ok: true, record };
}
