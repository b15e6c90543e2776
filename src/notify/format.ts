/** Shared wording for every channel: severity names and the plain-text shape of a message. */
import type { NotificationMessage } from '../ports/notifier.ts';

/** Severity 4 is the most serious (a crisis in progress), 1 the least (worth a look). */
export const severityNames: Record<1 | 2 | 3 | 4, string> = {
  1: 'Low',
  2: 'Moderate',
  3: 'High',
  4: 'Critical',
};

export const severityColours: Record<1 | 2 | 3 | 4, string> = {
  1: '#6b7280',
  2: '#d97706',
  3: '#ea580c',
  4: '#dc2626',
};

export function severityTag(message: NotificationMessage): string {
  return message.severity ? `[S${message.severity} ${severityNames[message.severity]}] ` : '';
}

/** Title, body and link in plain text: the fallback every channel can show. */
export function plainText(message: NotificationMessage): string {
  return [`${severityTag(message)}${message.title}`, message.body, message.url ?? '']
    .filter(Boolean)
    .join('\n\n');
}

/** Only http(s) links are rendered as links; anything else is shown as text. */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}
