/**
 * Slack incoming webhook: the target address is the hooks.slack.com URL. The payload carries a plain
 * `text` fallback (notifications, screen readers) and Block Kit sections in mrkdwn, escaped.
 */
import type { NotificationMessage, NotificationTarget } from '../../ports/notifier.ts';
import { type ChannelDeps, type FirebreakNotifier, httpUrlProblem } from '../channel.ts';
import { deliverWithRetry, httpOutcome } from '../delivery.ts';
import { escapeSlack, oneLine, truncate } from '../escape.ts';
import { safeLink, severityTag } from '../format.ts';
import { postJson } from '../http.ts';

export function slackPayload(message: NotificationMessage): Record<string, unknown> {
  const title = escapeSlack(oneLine(`${severityTag(message)}${message.title}`, 150));
  const body = escapeSlack(truncate(message.body, 2_500));
  const link = safeLink(message.url);
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } },
    { type: 'section', text: { type: 'mrkdwn', text: body || ' ' } },
  ];
  if (link) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${link}|Open in Firebreak>` } });
  return { text: `${title}${link ? ` ${link}` : ''}`, blocks, unfurl_links: false, unfurl_media: false };
}

export function createSlackNotifier(deps: ChannelDeps): FirebreakNotifier {
  return {
    channel: 'slack',
    validate: (target) => httpUrlProblem(target.address),
    send: (target: NotificationTarget, message: NotificationMessage) => {
      const payload = slackPayload(message);
      return deliverWithRetry(
        async () => httpOutcome(await postJson(target.address, payload, {}, deps.http)),
        deps.retry,
        deps.runtime,
      );
    },
  };
}
