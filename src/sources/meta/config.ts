import { z } from 'zod';

export const metaParams = z.object({
  /** Page / Instagram account ids this source accepts; empty = any the app is subscribed to. */
  accountIds: z
    .array(z.string().regex(/^\d{5,30}$/))
    .max(100)
    .default([]),
});
export type MetaParams = z.output<typeof metaParams>;

export const metaSecrets = z.object({
  /** App secret (App settings → Basic): the HMAC key of X-Hub-Signature-256. */
  appSecret: z.string().trim().min(8).max(200),
  /** Any string you choose; Meta echoes it in the subscription handshake. */
  verifyToken: z.string().trim().min(8).max(200),
});
export type MetaSecrets = z.output<typeof metaSecrets>;
