import { z } from 'zod';
import type { SourceDefinition } from '../types.ts';
import {
  type JetstreamParams,
  jetstreamParams,
  type SearchParams,
  type SearchSecrets,
  searchParams,
  searchSecrets,
} from './config.ts';
import { jetstreamConnector } from './jetstream.ts';
import { searchConnector } from './search.ts';

export const blueskySource: SourceDefinition<JetstreamParams, Record<string, never>> = {
  kind: 'bluesky',
  label: 'Bluesky live posts (Jetstream firehose)',
  mode: 'stream',
  params: jetstreamParams as never,
  secrets: z.object({}) as never,
  userSuppliedHost: true,
  intervalMs: 5_000,
  credentials: 'None: Jetstream is public.',
  create: (params) => jetstreamConnector(params),
};

export const blueskySearchSource: SourceDefinition<SearchParams, SearchSecrets> = {
  kind: 'bluesky-search',
  label: 'Bluesky search (app.bsky.feed.searchPosts backfill)',
  mode: 'poll',
  params: searchParams as never,
  secrets: searchSecrets,
  userSuppliedHost: true,
  intervalMs: 10 * 60_000,
  credentials:
    'A handle (or e-mail) and an app password: bsky.app → Settings → Privacy and security → App passwords.',
  create: (params, secrets) => searchConnector(params, secrets),
};
