import type { SourceDefinition } from '../types.ts';
import { type MetaParams, type MetaSecrets, metaParams, metaSecrets } from './config.ts';

const nothing: AsyncIterable<never> = {
  [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined as never }) }),
};

/** Push: Meta calls /api/v1/sources/:id/meta-webhook; there is nothing to poll. */
export const metaSource: SourceDefinition<MetaParams, MetaSecrets> = {
  kind: 'meta',
  label: 'Facebook Page and Instagram comments (Graph API webhooks, X-Hub-Signature-256 verified)',
  mode: 'push',
  params: metaParams as never,
  secrets: metaSecrets,
  userSuppliedHost: false,
  intervalMs: 0,
  credentials:
    'App secret and a verify token of your Meta app; callback URL https://<your host>/api/v1/sources/<id>/meta-webhook, fields feed (Page) and comments (Instagram).',
  create: () => ({ sync: () => nothing }),
};
