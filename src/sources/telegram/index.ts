import type { SourceDefinition } from '../types.ts';
import { telegramConnector } from './client.ts';
import { type TelegramParams, type TelegramSecrets, telegramParams, telegramSecrets } from './config.ts';

export const telegramSource: SourceDefinition<TelegramParams, TelegramSecrets> = {
  kind: 'telegram',
  label: "Telegram: the brand's own channel posts and its discussion group (Bot API getUpdates)",
  mode: 'poll',
  params: telegramParams as never,
  secrets: telegramSecrets,
  userSuppliedHost: false,
  intervalMs: 60_000,
  credentials:
    'A bot token from @BotFather; add the bot as an administrator of the channel and as a member (admin, or privacy mode off) of its discussion group.',
  create: (params, secrets) => telegramConnector(params, secrets),
};
