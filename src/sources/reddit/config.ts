import { z } from 'zod';

const subreddit = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9_]{2,21}(\+[A-Za-z0-9_]{2,21})*$/,
    'a subreddit name such as "acme" or "acme+acmesupport"',
  );

export const redditParams = z
  .object({
    /** `comments`: new comments of the subreddit(s); `search`: posts matching `query`. */
    listing: z.enum(['comments', 'search']).default('comments'),
    subreddit: subreddit.optional(),
    query: z.string().trim().min(1).max(512).optional(),
    /** Reddit asks for "<platform>:<app id>:<version> (by /u/<username>)". */
    userAgent: z.string().trim().min(10).max(256).default('server:firebreak:0.1 (self-hosted brand monitor)'),
    /** Listings stop near 1,000 items: 10 pages of 100. */
    maxPages: z.number().int().min(1).max(10).default(10),
    firstSyncPages: z.number().int().min(1).max(10).default(1),
    overlapSeconds: z.number().int().min(0).max(3600).default(60),
    intervalMinutes: z.number().int().min(1).max(1440).default(2),
    apiBase: z.string().url().default('https://oauth.reddit.com'),
    authBase: z.string().url().default('https://www.reddit.com'),
  })
  .refine((p) => p.listing !== 'comments' || p.subreddit, {
    message: 'comments need a subreddit',
    path: ['subreddit'],
  })
  .refine((p) => p.listing !== 'search' || p.query, { message: 'search needs a query', path: ['query'] });
export type RedditParams = z.output<typeof redditParams>;

export const redditSecrets = z.object({
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(200),
});
export type RedditSecrets = z.output<typeof redditSecrets>;
