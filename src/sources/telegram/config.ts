import { z } from 'zod';

export const telegramParams = z.object({
  /** Chats to keep (channel and its discussion group ids); empty = every chat the bot is in. */
  chatIds: z.array(z.number().int()).max(100).default([]),
  /**
   * `poll`: getUpdates. `webhook`: Telegram POSTs updates to /api/v1/sources/<id>/telegram-webhook
   * (setWebhook with secret_token = webhookSecret); the two are mutually exclusive on Telegram's side.
   */
  delivery: z.enum(['poll', 'webhook']).default('poll'),
  /** Long-poll seconds per getUpdates call. */
  longPollSeconds: z.number().int().min(0).max(50).default(25),
  maxCalls: z.number().int().min(1).max(1000).default(20),
  intervalMinutes: z.number().int().min(1).max(60).default(1),
  apiBase: z.string().url().default('https://api.telegram.org'),
});
export type TelegramParams = z.output<typeof telegramParams>;

export const telegramSecrets = z.object({
  botToken: z
    .string()
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'a bot token from @BotFather (123456:ABC…)'),
  /** The setWebhook secret_token, echoed by Telegram in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters of A-Z a-z 0-9 _ -')
    .optional(),
});
export type TelegramSecrets = z.output<typeof telegramSecrets>;
