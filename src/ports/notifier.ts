/**
 * Outbound notifications (alerts, crisis tasks, escalations). Each channel (email, slack, teams,
 * telegram, webhook) implements Notifier in src/notify/<channel>/. Message text may contain mention
 * text: every channel escapes it for its own format.
 */
export interface NotificationMessage {
  workspaceId: string;
  /** One line, plain text. */
  title: string;
  /** Plain text body; channels escape it for their own markup. */
  body: string;
  /** A link into Firebreak, if any. */
  url?: string;
  severity?: 1 | 2 | 3 | 4;
  /** Stable id used by receivers to de-duplicate retries. */
  id: string;
}

/** Where one message goes: an address whose meaning depends on the channel. */
export interface NotificationTarget {
  channel: 'email' | 'slack' | 'teams' | 'telegram' | 'webhook';
  /** E-mail address, webhook URL, Telegram chat id… */
  address: string;
  /** Channel-specific settings (e.g. the HMAC secret of a webhook). Never logged. */
  secret?: string;
}

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  error?: string;
}

export interface Notifier {
  readonly channel: NotificationTarget['channel'];
  send(target: NotificationTarget, message: NotificationMessage): Promise<DeliveryResult>;
}
