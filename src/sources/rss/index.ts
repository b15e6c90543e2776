import type { SourceDefinition } from '../types.ts';
import { rssConnector } from './client.ts';
import { type RssParams, rssParams, rssSecrets } from './config.ts';

export const rssSource: SourceDefinition<RssParams, Record<string, never>> = {
  kind: 'rss',
  label: 'RSS / Atom feed (news, blogs, Google Alerts, Google News)',
  mode: 'poll',
  params: rssParams as never,
  secrets: rssSecrets as never,
  userSuppliedHost: true,
  intervalMs: 15 * 60_000,
  credentials: 'None. Google News feeds are licensed for personal, non-commercial use only.',
  create: (params) => rssConnector(params),
};
