import { z } from 'zod';

export const xParams = z.object({
  /** Recent-search query (operators allowed, e.g. `acme lang:en -is:retweet`). */
  query: z.string().trim().min(1).max(1024),
  /** `search`: poll recent search; `stream`: catch up by recent search, then the filtered stream. */
  mode: z.enum(['search', 'stream']).default('search'),
  /** Filtered-stream rules to ensure exist (added if missing; others are left alone). */
  rules: z
    .array(z.object({ value: z.string().trim().min(1).max(1024), tag: z.string().max(128).optional() }))
    .max(100)
    .default([]),
  lookbackHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(24),
  maxPages: z.number().int().min(1).max(50).default(10),
  intervalMinutes: z.number().int().min(1).max(1440).default(5),
  /** X sends keep-alive lines about every 20 s: 30 s of silence means the stream is dead. */
  idleMs: z.number().int().min(100).max(600_000).default(30_000),
  flushMs: z.number().int().min(10).max(60_000).default(500),
  apiBase: z.string().url().default('https://api.x.com'),
});
export type XParams = z.output<typeof xParams>;

export const xSecrets = z.object({ bearerToken: z.string().trim().min(20).max(500) });
export type XSecrets = z.output<typeof xSecrets>;
