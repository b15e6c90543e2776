/** What every channel is built with: the outbound HTTP policy, the retry policy and the runtime. */
import type { NotificationMessage, NotificationTarget, Notifier } from '../ports/notifier.ts';
import type { DeliveryReport, DeliveryRuntime, RetryPolicy } from './delivery.ts';
import type { HttpPolicy } from './http.ts';

export interface ChannelDeps {
  http: HttpPolicy;
  retry: RetryPolicy;
  runtime: DeliveryRuntime;
}

/** A Notifier that also reports each attempt. */
export interface FirebreakNotifier extends Notifier {
  send(target: NotificationTarget, message: NotificationMessage): Promise<DeliveryReport>;
  /** Why a target cannot work (checked when a channel is saved), or undefined. */
  validate(target: Pick<NotificationTarget, 'address' | 'secret'>): string | undefined;
}

/** A bounded, backtracking-free check: one @, no spaces, a dot in the domain. */
export function looksLikeEmail(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.indexOf('@');
  if (at < 1 || at !== address.lastIndexOf('@')) return false;
  const domain = address.slice(at + 1);
  return (
    !/[\s<>,;"]/.test(address) && domain.includes('.') && !domain.startsWith('.') && !domain.endsWith('.')
  );
}

export function httpUrlProblem(address: string): string | undefined {
  try {
    const url = new URL(address);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'the URL must start with https://';
    if (url.username || url.password) return 'the URL must not contain credentials';
    return undefined;
  } catch {
    return 'not a valid URL';
  }
}
