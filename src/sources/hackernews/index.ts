import type { SourceDefinition } from '../types.ts';
import { hnConnector } from './client.ts';
import { type HnParams, hnParams, hnSecrets } from './config.ts';

export const hackerNewsSource: SourceDefinition<HnParams, Record<string, never>> = {
  kind: 'hackernews',
  label: 'Hacker News (Algolia search by date)',
  mode: 'poll',
  params: hnParams as never,
  secrets: hnSecrets as never,
  userSuppliedHost: false,
  intervalMs: 5 * 60_000,
  credentials: 'None. Algolia allows 10,000 requests per hour per IP.',
  create: (params) => hnConnector(params),
};
