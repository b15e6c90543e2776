import { z } from 'zod';

export const youtubeParams = z
  .object({
    videoIds: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{11}$/, 'an 11-character video id'))
      .max(50)
      .default([]),
    /** Comments on every video of a channel (allThreadsRelatedToChannelId). */
    channelIds: z
      .array(z.string().regex(/^UC[A-Za-z0-9_-]{22}$/, 'a channel id starting with UC'))
      .max(20)
      .default([]),
    /** Units this source may spend per Pacific-time day (the project's default total is 10,000). */
    dailyUnits: z.number().int().min(1).max(1_000_000).default(2000),
    maxPages: z.number().int().min(1).max(50).default(5),
    overlapSeconds: z.number().int().min(0).max(86_400).default(300),
    intervalMinutes: z.number().int().min(1).max(1440).default(15),
    apiBase: z.string().url().default('https://www.googleapis.com'),
  })
  .refine((p) => p.videoIds.length + p.channelIds.length > 0, {
    message: 'give videoIds or channelIds',
    path: ['videoIds'],
  });
export type YoutubeParams = z.output<typeof youtubeParams>;

export const youtubeSecrets = z.object({ apiKey: z.string().trim().min(10).max(200) });
export type YoutubeSecrets = z.output<typeof youtubeSecrets>;
