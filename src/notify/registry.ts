/**
 * Builds every channel's notifier from configuration. A channel that cannot be configured (no SMTP
 * URL) still exists and answers each send with a clear, permanent error: one broken channel never
 * stops start-up or the other channels.
 */
import { type Clock, systemClock } from '../ports/clock.ts';
import type { NotificationMessage, NotificationTarget } from '../ports/notifier.ts';
import type { ChannelDeps, FirebreakNotifier } from './channel.ts';
import {
  type DeliveryReport,
  type DeliveryRuntime,
  defaultRetryPolicy,
  type RetryPolicy,
  realRuntime,
} from './delivery.ts';
import { createEmailNotifier } from './email/email.notifier.ts';
import { createSlackNotifier } from './slack/slack.notifier.ts';
import { createTeamsNotifier } from './teams/teams.notifier.ts';
import { createTelegramNotifier, defaultTelegramApiBase } from './telegram/telegram.notifier.ts';
import { createWebhookNotifier } from './webhook/webhook.notifier.ts';

export type Channel = NotificationTarget['channel'];
export const channels: readonly Channel[] = ['email', 'slack', 'teams', 'telegram', 'webhook'];

/** A structural subset of the app Config, so `createNotifiers(ctx.config)` works as is. */
export interface NotifyConfig {
  smtpUrl?: string;
  /** From: header of alert mail. */
  emailFrom?: string;
  telegramApiBase?: string;
  /** Lets webhooks reach loopback/LAN receivers (tests, on-premises chat servers). */
  allowPrivateNetworks?: boolean;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface NotifyRuntimeOptions {
  clock?: Clock;
  /** Overrides sleeping and jitter (tests use a no-wait runtime). */
  runtime?: DeliveryRuntime;
}

export interface Notifiers {
  get(channel: Channel): FirebreakNotifier;
  /** Sends one message to one target through its channel, retrying as that channel allows. */
  sendTo(target: NotificationTarget, message: NotificationMessage): Promise<DeliveryReport>;
  /** Why a target cannot work, or undefined. */
  validate(target: NotificationTarget): string | undefined;
}

export function createNotifiers(config: NotifyConfig = {}, options: NotifyRuntimeOptions = {}): Notifiers {
  const deps: ChannelDeps = {
    http: {
      timeoutMs: config.timeoutMs ?? 10_000,
      allowPrivateNetworks: config.allowPrivateNetworks ?? false,
    },
    retry: { ...defaultRetryPolicy, ...config.retry },
    runtime: options.runtime ?? realRuntime(options.clock ?? systemClock),
  };
  const byChannel: Record<Channel, FirebreakNotifier> = {
    email: createEmailNotifier(deps, {
      smtpUrl: config.smtpUrl,
      from: config.emailFrom ?? 'Firebreak <firebreak@localhost>',
    }),
    slack: createSlackNotifier(deps),
    teams: createTeamsNotifier(deps),
    telegram: createTelegramNotifier(deps, config.telegramApiBase ?? defaultTelegramApiBase),
    webhook: createWebhookNotifier(deps),
  };
  const get = (channel: Channel) => {
    const notifier = byChannel[channel];
    if (!notifier) throw new Error(`unknown notification channel "${channel}"`);
    return notifier;
  };
  return {
    get,
    validate: (target) => get(target.channel).validate(target),
    async sendTo(target, message) {
      if (!channels.includes(target.channel)) {
        return {
          ok: false,
          attempts: 0,
          error: `unknown channel "${target.channel}"`,
          log: [],
        };
      }
      return get(target.channel).send(target, message);
    },
  };
}
