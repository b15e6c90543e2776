import type { SourceDefinition } from '../types.ts';
import { xConnector } from './client.ts';
import { type XParams, type XSecrets, xParams, xSecrets } from './config.ts';

export const xSource: SourceDefinition<XParams, XSecrets> = {
  kind: 'x',
  label: 'X / Twitter API v2 (recent search, or filtered stream with search catch-up) — paid access',
  mode: 'poll',
  params: xParams as never,
  secrets: xSecrets,
  userSuppliedHost: false,
  intervalMs: 5 * 60_000,
  credentials:
    'An app-only Bearer token from the X Developer Console (console.x.com → your app → Keys and tokens → Bearer token), on a plan with prepaid credits (pay-per-use; 2M post reads/month cap).',
  create: (params, secrets) => xConnector(params, secrets),
};
