import { z } from 'zod';

export const vkParams = z.object({
  /** newsfeed.search query; `#hashtag` works. */
  query: z.string().trim().min(1).max(500),
  lookbackHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(24),
  overlapSeconds: z.number().int().min(0).max(86_400).default(300),
  maxPages: z.number().int().min(1).max(50).default(10),
  intervalMinutes: z.number().int().min(1).max(1440).default(5),
  /** VK allows about 3 requests per second per token. */
  minGapMs: z.number().int().min(0).max(10_000).default(350),
  apiBase: z.string().url().default('https://api.vk.com'),
  apiVersion: z
    .string()
    .regex(/^5\.\d+$/)
    .default('5.199'),
});
export type VkParams = z.output<typeof vkParams>;

export const vkSecrets = z.object({
  /** A service token of a VK app (or a user token). */
  accessToken: z.string().trim().min(10).max(500),
});
export type VkSecrets = z.output<typeof vkSecrets>;
