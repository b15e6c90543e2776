import { z } from 'zod';

export const rssParams = z.object({
  url: z
    .string()
    .trim()
    .max(4096)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  /** Per-feed schedule. */
  intervalMinutes: z.number().int().min(1).max(1440).default(15),
  /** Items re-sent in one batch to the pipeline. */
  batchSize: z.number().int().min(1).max(1000).default(100),
});
export type RssParams = z.output<typeof rssParams>;

export const rssSecrets = z.object({}).strict();
