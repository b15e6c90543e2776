/**
 * Webhook signatures: `X-Firebreak-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`
 * with `X-Firebreak-Timestamp: <unix seconds>`. Signing the timestamp with the body lets a receiver
 * refuse replays older than its tolerance. Receivers in TypeScript can import `verifySignature`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'x-firebreak-signature';
export const timestampHeader = 'x-firebreak-timestamp';
export const deliveryHeader = 'x-firebreak-delivery';
export const attemptHeader = 'x-firebreak-attempt';

export function sign(secret: string, timestampSeconds: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}

export interface VerifyInput {
  secret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  /** Receiver's current time, epoch ms. */
  nowMs: number;
  toleranceSeconds?: number;
}

export function verifySignature(input: VerifyInput): { ok: true } | { ok: false; reason: string } {
  if (!input.signature || !input.timestamp)
    return { ok: false, reason: 'missing signature or timestamp header' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const ts = Number(input.timestamp);
  if (Math.abs(input.nowMs / 1000 - ts) > (input.toleranceSeconds ?? 300)) {
    return { ok: false, reason: 'timestamp outside the tolerance window' };
  }
  const expected = Buffer.from(sign(input.secret, ts, input.rawBody));
  // A header may carry several signatures during secret rotation: "v1=aaa, v1=bbb".
  for (const candidate of input.signature.split(',').map((s) => s.trim())) {
    const given = Buffer.from(candidate);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'signature mismatch' };
}
