import { z } from 'zod';

export const hnParams = z.object({
  query: z.string().trim().min(1).max(512),
  /** Algolia tag filter: `(story,comment)` = stories or comments. */
  tags: z
    .string()
    .trim()
    .max(200)
    .regex(/^[a-z0-9_(),]+$/i, 'Algolia tags such as (story,comment) or story')
    .default('(story,comment)'),
  hitsPerPage: z.number().int().min(1).max(1000).default(100),
  /** Indexing lag is unmeasured: re-read this far behind the newest stored hit. */
  overlapSeconds: z.number().int().min(0).max(86_400).default(600),
  /** How far back the first sync reaches. */
  lookbackHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  intervalMinutes: z.number().int().min(1).max(1440).default(5),
  apiBase: z.string().url().default('https://hn.algolia.com'),
});
export type HnParams = z.output<typeof hnParams>;
export const hnSecrets = z.object({}).strict();
