/**
 * Generic webhook: a JSON POST signed with HMAC-SHA256 (see signature.ts). Every attempt is signed
 * afresh with its own timestamp, so a retry after a long backoff still passes the receiver's
 * tolerance window; the delivery id stays the same so the receiver can de-duplicate.
 */
import type { NotificationMessage, NotificationTarget } from '../../ports/notifier.ts';
import { type ChannelDeps, type FirebreakNotifier, httpUrlProblem } from '../channel.ts';
import { deliverWithRetry, httpOutcome, PermanentError, type RichMessage } from '../delivery.ts';
import { postRaw } from '../http.ts';
import { attemptHeader, deliveryHeader, sign, signatureHeader, timestampHeader } from './signature.ts';

export function webhookPayload(message: RichMessage, sentAt: number): Record<string, unknown> {
  return {
    id: message.id,
    type: 'firebreak.notification',
    workspaceId: message.workspaceId,
    title: message.title,
    body: message.body,
    url: message.url ?? null,
    severity: message.severity ?? null,
    data: message.data ?? null,
    sentAt: new Date(sentAt).toISOString(),
  };
}

export function createWebhookNotifier(deps: ChannelDeps): FirebreakNotifier {
  const validate = (target: Pick<NotificationTarget, 'address' | 'secret'>) => {
    const problem = httpUrlProblem(target.address);
    if (problem) return problem;
    if (!target.secret || target.secret.length < 16)
      return 'the signing secret must be at least 16 characters';
    return undefined;
  };
  return {
    channel: 'webhook',
    validate,
    send: (target: NotificationTarget, message: NotificationMessage) =>
      deliverWithRetry(
        async (attempt) => {
          const problem = validate(target);
          if (problem) throw new PermanentError(`webhook target: ${problem}`);
          const now = deps.runtime.clock.now();
          const body = JSON.stringify(webhookPayload(message, now));
          const timestamp = Math.floor(now / 1000);
          const headers = {
            'content-type': 'application/json',
            [timestampHeader]: String(timestamp),
            [signatureHeader]: sign(target.secret!, timestamp, body),
            [deliveryHeader]: message.id,
            [attemptHeader]: String(attempt),
          };
          return httpOutcome(await postRaw(target.address, body, headers, deps.http));
        },
        deps.retry,
        deps.runtime,
      ),
  };
}
