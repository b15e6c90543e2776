/**
 * Microsoft Teams: an Adaptive Card wrapped in a `message` attachment, which both the legacy incoming
 * webhook connector and the newer Workflows ("Post to a channel when a webhook request is received")
 * accept. TextBlocks render a Markdown subset, so mention text is escaped for it.
 */
import type { NotificationMessage, NotificationTarget } from '../../ports/notifier.ts';
import { type ChannelDeps, type FirebreakNotifier, httpUrlProblem } from '../channel.ts';
import { deliverWithRetry, httpOutcome } from '../delivery.ts';
import { escapeTeamsMarkdown, oneLine, truncate } from '../escape.ts';
import { safeLink, severityTag } from '../format.ts';
import { postJson } from '../http.ts';

export function teamsPayload(message: NotificationMessage): Record<string, unknown> {
  const link = safeLink(message.url);
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      {
        type: 'TextBlock',
        size: 'Large',
        weight: 'Bolder',
        wrap: true,
        color: (message.severity ?? 0) >= 3 ? 'Attention' : 'Default',
        text: escapeTeamsMarkdown(oneLine(`${severityTag(message)}${message.title}`, 200)),
      },
      { type: 'TextBlock', wrap: true, text: escapeTeamsMarkdown(truncate(message.body, 4_000)) },
    ],
  };
  if (link) card.actions = [{ type: 'Action.OpenUrl', title: 'Open in Firebreak', url: link }];
  return {
    type: 'message',
    summary: oneLine(message.title, 150),
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}

export function createTeamsNotifier(deps: ChannelDeps): FirebreakNotifier {
  return {
    channel: 'teams',
    validate: (target) => httpUrlProblem(target.address),
    send: (target: NotificationTarget, message: NotificationMessage) => {
      const payload = teamsPayload(message);
      return deliverWithRetry(
        async () => httpOutcome(await postJson(target.address, payload, {}, deps.http)),
        deps.retry,
        deps.runtime,
      );
    },
  };
}
