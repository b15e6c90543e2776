/**
 * Meta webhook authenticity: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`,
 * checked on the raw bytes before any parsing, in constant time; and the subscription handshake
 * (`hub.mode=subscribe`, `hub.verify_token`, echo `hub.challenge`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifySignature(
  appSecret: string,
  rawBody: Buffer | string,
  header: string | undefined,
): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(header.trim().slice(7), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function verifyHandshake(
  query: Record<string, unknown>,
  verifyToken: string,
): { ok: true; challenge: string } | { ok: false } {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string')
    return { ok: false };
  const a = Buffer.from(token);
  const b = Buffer.from(verifyToken);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false };
  return /^[\w-]{1,200}$/.test(challenge) ? { ok: true, challenge } : { ok: false };
}
