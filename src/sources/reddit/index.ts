import type { SourceDefinition } from '../types.ts';
import { redditConnector } from './client.ts';
import { type RedditParams, type RedditSecrets, redditParams, redditSecrets } from './config.ts';

export const redditSource: SourceDefinition<RedditParams, RedditSecrets> = {
  kind: 'reddit',
  label: 'Reddit (subreddit new comments, post search)',
  mode: 'poll',
  params: redditParams as never,
  secrets: redditSecrets,
  userSuppliedHost: false,
  intervalMs: 2 * 60_000,
  credentials:
    'clientId + clientSecret of a "script" app from https://www.reddit.com/prefs/apps (app-only OAuth). Check the Data API terms for commercial use.',
  create: (params, secrets) => redditConnector(params, secrets),
};
