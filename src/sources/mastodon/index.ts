import type { SourceDefinition } from '../types.ts';
import { mastodonConnector } from './client.ts';
import { type MastodonParams, type MastodonSecrets, mastodonParams, mastodonSecrets } from './config.ts';

export const mastodonSource: SourceDefinition<MastodonParams, MastodonSecrets> = {
  kind: 'mastodon',
  label: 'Mastodon hashtag (REST timeline, or SSE streaming with REST catch-up), any instance',
  mode: 'poll',
  params: mastodonParams as never,
  secrets: mastodonSecrets as never,
  userSuppliedHost: true,
  intervalMs: 2 * 60_000,
  credentials:
    'Optional for the REST tag timeline on open instances; required for streaming: an access token with read:statuses (Preferences → Development → New application).',
  create: (params, secrets) => mastodonConnector(params, secrets),
};
