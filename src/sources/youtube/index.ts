import type { SourceDefinition } from '../types.ts';
import { youtubeConnector } from './client.ts';
import { type YoutubeParams, type YoutubeSecrets, youtubeParams, youtubeSecrets } from './config.ts';

export const youtubeSource: SourceDefinition<YoutubeParams, YoutubeSecrets> = {
  kind: 'youtube',
  label: 'YouTube comments on given videos or channels (commentThreads, quota-accounted)',
  mode: 'poll',
  params: youtubeParams as never,
  secrets: youtubeSecrets,
  userSuppliedHost: false,
  intervalMs: 15 * 60_000,
  credentials:
    'An API key: Google Cloud console → APIs & Services → enable "YouTube Data API v3" → Credentials → Create API key (restrict it to that API). 10,000 units/day per project.',
  create: (params, secrets) => youtubeConnector(params, secrets),
};
