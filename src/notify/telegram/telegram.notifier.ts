/**
 * Telegram Bot API `sendMessage` in HTML parse mode. The target address is the chat id (or @channel),
 * the secret is the bot token. The API base URL is configurable so tests and air-gapped installs can
 * point at a local Bot API server. The token sits in the URL path: it is never put in an error message.
 */
import type { NotificationMessage, NotificationTarget } from '../../ports/notifier.ts';
import type { ChannelDeps, FirebreakNotifier } from '../channel.ts';
import { type AttemptOutcome, deliverWithRetry, httpOutcome, PermanentError } from '../delivery.ts';
import { escapeTelegramHtml, oneLine, truncate } from '../escape.ts';
import { safeLink, severityTag } from '../format.ts';
import { type HttpResponse, postJson } from '../http.ts';

export const defaultTelegramApiBase = 'https://api.telegram.org';

const tokenPattern = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;
const chatPattern = /^(-?\d{1,20}|@[A-Za-z0-9_]{5,64})$/;

export function telegramPayload(chatId: string, message: NotificationMessage): Record<string, unknown> {
  const title = escapeTelegramHtml(oneLine(`${severityTag(message)}${message.title}`, 200));
  const body = escapeTelegramHtml(truncate(message.body, 3_500));
  const link = safeLink(message.url);
  const linkLine = link ? `\n\n<a href="${escapeTelegramHtml(link)}">Open in Firebreak</a>` : '';
  return {
    chat_id: chatId,
    text: `<b>${title}</b>\n\n${body}${linkLine}`,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  };
}

function telegramOutcome(response: HttpResponse): AttemptOutcome {
  const outcome = httpOutcome(response);
  if (response.status === 429) {
    try {
      const retryAfter = JSON.parse(response.body)?.parameters?.retry_after;
      if (typeof retryAfter === 'number') outcome.retryAfterMs = retryAfter * 1000;
    } catch {
      // A proxy's HTML error page: keep the status-based outcome.
    }
  }
  return outcome;
}

export function createTelegramNotifier(
  deps: ChannelDeps,
  apiBase = defaultTelegramApiBase,
): FirebreakNotifier {
  const base = apiBase.replace(/\/+$/, '');
  const validate = (target: Pick<NotificationTarget, 'address' | 'secret'>) => {
    if (!chatPattern.test(target.address)) return 'the address must be a numeric chat id or an @channel name';
    if (!target.secret || !tokenPattern.test(target.secret))
      return 'the secret must be a bot token like 123456:ABC…';
    return undefined;
  };
  return {
    channel: 'telegram',
    validate,
    send: (target: NotificationTarget, message: NotificationMessage) => {
      const payload = telegramPayload(target.address, message);
      return deliverWithRetry(
        async () => {
          const problem = validate(target);
          if (problem) throw new PermanentError(`telegram target: ${problem}`);
          const url = `${base}/bot${target.secret}/sendMessage`;
          return telegramOutcome(await postJson(url, payload, {}, deps.http));
        },
        deps.retry,
        deps.runtime,
      );
    },
  };
}
