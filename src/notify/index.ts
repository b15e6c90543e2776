/**
 * Outbound notifications. Build once with `createNotifiers(config)` and send with
 * `notifiers.sendTo({ channel, address, secret }, message)`; `sendTo(notifiers, target, message)` is
 * the same as a free function. Every channel escapes message text for its own markup.
 */
import type { NotificationMessage, NotificationTarget } from '../ports/notifier.ts';
import type { DeliveryReport } from './delivery.ts';
import type { Notifiers } from './registry.ts';

export type { FirebreakNotifier } from './channel.ts';
export type { AttemptRecord, DeliveryReport, DeliveryRuntime, RetryPolicy, RichMessage } from './delivery.ts';
export { backoffDelay, defaultRetryPolicy } from './delivery.ts';
export { isPrivateAddress } from './http.ts';
export { type Channel, channels, createNotifiers, type Notifiers, type NotifyConfig } from './registry.ts';
export { sign, verifySignature } from './webhook/signature.ts';

export function sendTo(
  notifiers: Notifiers,
  target: NotificationTarget,
  message: NotificationMessage,
): Promise<DeliveryReport> {
  return notifiers.sendTo(target, message);
}
