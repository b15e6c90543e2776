/**
 * E-mail through SMTP (nodemailer). The target address is the recipient; the transport comes from
 * FIREBREAK_SMTP_URL (smtp://user:pass@host:587 or smtps://…). The HTML part escapes every piece of
 * text; the plain part carries the same content. SMTP 4xx replies and connection errors are retried.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationMessage, NotificationTarget } from '../../ports/notifier.ts';
import { type ChannelDeps, type FirebreakNotifier, looksLikeEmail } from '../channel.ts';
import { type AttemptOutcome, deliverWithRetry, PermanentError } from '../delivery.ts';
import { escapeHtml, oneLine, truncate } from '../escape.ts';
import { plainText, safeLink, severityColours, severityTag } from '../format.ts';

export interface EmailOptions {
  smtpUrl?: string;
  from: string;
}

export function emailContent(message: NotificationMessage): { subject: string; text: string; html: string } {
  const subject = oneLine(`${severityTag(message)}${message.title}`, 180);
  const body = truncate(message.body, 20_000);
  const link = safeLink(message.url);
  const colour = message.severity ? severityColours[message.severity] : '#374151';
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 12px;white-space:pre-wrap">${escapeHtml(p)}</p>`)
    .join('');
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">',
    `<h2 dir="auto" style="border-inline-start:4px solid ${colour};padding-inline-start:8px">${escapeHtml(subject)}</h2>`,
    `<div dir="auto">${paragraphs}</div>`,
    link ? `<p><a href="${escapeHtml(link)}">Open in Firebreak</a></p>` : '',
    '</body></html>',
  ].join('');
  return { subject, text: plainText({ ...message, body }), html };
}

function smtpOutcome(error: unknown): AttemptOutcome {
  const e = error as { responseCode?: number; message?: string; code?: string };
  const code = e.responseCode;
  const message = (e.message ?? String(error)).slice(0, 300);
  if (typeof code === 'number')
    return { ok: false, retryable: code >= 400 && code < 500, status: code, error: message };
  // EAUTH and EENVELOPE will fail the same way next time; connection problems may not.
  const permanent = e.code === 'EAUTH' || e.code === 'EENVELOPE' || e.code === 'EMESSAGE';
  return { ok: false, retryable: !permanent, error: message };
}

export function createEmailNotifier(deps: ChannelDeps, options: EmailOptions): FirebreakNotifier {
  let transport: Transporter | undefined;
  let configError: string | undefined;
  if (!options.smtpUrl) {
    configError =
      'e-mail is not configured: set FIREBREAK_SMTP_URL (e.g. smtp://user:pass@mail.example.com:587)';
  } else {
    try {
      transport = nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: deps.http.timeoutMs,
        greetingTimeout: deps.http.timeoutMs,
        socketTimeout: deps.http.timeoutMs,
      } as Parameters<typeof nodemailer.createTransport>[0]);
    } catch (error) {
      configError = `FIREBREAK_SMTP_URL is not usable: ${(error as Error).message}`;
    }
  }
  const validate = (target: Pick<NotificationTarget, 'address'>) =>
    looksLikeEmail(target.address) ? undefined : 'the address must be one e-mail address';
  return {
    channel: 'email',
    validate,
    send: (target: NotificationTarget, message: NotificationMessage) => {
      const content = emailContent(message);
      return deliverWithRetry(
        async () => {
          if (!transport) throw new PermanentError(configError);
          const problem = validate(target);
          if (problem) throw new PermanentError(`email target: ${problem}`);
          try {
            const info = await transport.sendMail({
              from: options.from,
              to: target.address,
              subject: content.subject,
              text: content.text,
              html: content.html,
              headers: { 'X-Firebreak-Message-Id': message.id },
            });
            if (info.rejected?.length)
              return { ok: false, retryable: false, error: 'the server rejected the recipient' };
            return { ok: true, retryable: false, status: 250 };
          } catch (error) {
            return smtpOutcome(error);
          }
        },
        deps.retry,
        deps.runtime,
      );
    },
  };
}
