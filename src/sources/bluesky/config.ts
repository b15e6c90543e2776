import { z } from 'zod';

export const jetstreamParams = z
  .object({
    /** A public Jetstream instance; the microsecond cursor works on every instance. */
    url: z.string().url().default('wss://jetstream2.us-east.bsky.network/subscribe'),
    /**
     * Plain words kept client-side (the firehose has no server-side text filter). Empty = keep every post
     * and let the topics decide.
     */
    keywords: z.array(z.string().trim().min(2).max(100)).max(200).default([]),
    wantedDids: z
      .array(z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]+$/))
      .max(10_000)
      .default([]),
    /** Seconds rewound on reconnect: delivery is at-least-once and the store drops the overlap. */
    rewindSeconds: z.number().int().min(0).max(3600).default(5),
    batchSize: z.number().int().min(1).max(5000).default(200),
    flushMs: z.number().int().min(10).max(60_000).default(1000),
    /** A socket silent this long is dead (Jetstream is never quiet for long). */
    idleMs: z.number().int().min(100).max(600_000).default(60_000),
    reconnects: z.number().int().min(0).max(100).default(8),
    /** Explicit opt-in to the whole network (hundreds of posts per second) with no keyword or DID filter. */
    everything: z.boolean().default(false),
    /** Resolve DIDs to handles/names/followers through app.bsky.actor.getProfiles (cached). */
    profilesUrl: z.string().url().default('https://public.api.bsky.app'),
  })
  .refine((p) => p.everything || p.keywords.length > 0 || p.wantedDids.length > 0, {
    message: 'give keywords or wantedDids (or set everything: true to take the whole firehose)',
    path: ['keywords'],
  });
export type JetstreamParams = z.output<typeof jetstreamParams>;

export const searchParams = z.object({
  query: z.string().trim().min(1).max(512),
  /** The user's PDS or the AppView; unauthenticated public search is often switched off. */
  service: z.string().url().default('https://bsky.social'),
  lang: z.string().trim().min(2).max(16).optional(),
  lookbackHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  overlapSeconds: z.number().int().min(0).max(86_400).default(300),
  maxPages: z.number().int().min(1).max(100).default(20),
  intervalMinutes: z.number().int().min(1).max(1440).default(10),
});
export type SearchParams = z.output<typeof searchParams>;

export const searchSecrets = z.object({
  identifier: z.string().trim().min(1).max(256),
  /** An app password (Settings → Privacy and security → App passwords), never the account password. */
  appPassword: z.string().trim().min(1).max(256),
});
export type SearchSecrets = z.output<typeof searchSecrets>;
