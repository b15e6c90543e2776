import { z } from 'zod';

export const mastodonParams = z.object({
  /** Any instance; user-supplied, so the SSRF guard applies. */
  instance: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  hashtag: z
    .string()
    .trim()
    .transform((t) => t.replace(/^#/, ''))
    .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,100}$/u, 'a hashtag without spaces')),
  /** `poll`: the REST hashtag timeline; `stream`: REST catch-up, then the SSE hashtag stream. */
  mode: z.enum(['poll', 'stream']).default('poll'),
  /** Stream over server-sent events or the WebSocket endpoint (`/api/v1/streaming?stream=hashtag`). */
  transport: z.enum(['sse', 'websocket']).default('sse'),
  /** Streaming host when it differs (instance `configuration.urls.streaming`). */
  streamingUrl: z.string().url().optional(),
  local: z.boolean().default(false),
  maxPages: z.number().int().min(1).max(100).default(20),
  intervalMinutes: z.number().int().min(1).max(1440).default(2),
  idleMs: z.number().int().min(100).max(600_000).default(120_000),
  flushMs: z.number().int().min(10).max(60_000).default(1000),
});
export type MastodonParams = z.output<typeof mastodonParams>;

export const mastodonSecrets = z.object({
  /** A user token with read:statuses: required for streaming since 4.2, and for restricted tag feeds. */
  accessToken: z.string().trim().min(1).max(500).optional(),
});
export type MastodonSecrets = z.output<typeof mastodonSecrets>;
