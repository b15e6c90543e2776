/**
 * Secrets at rest (notification channel secrets, source credentials) are sealed with AES-256-GCM under
 * the install's secret key (src/config/secret-key.ts) and opened only where they are used. The API never
 * returns them. `context` (e.g. the row id) is authenticated data: a sealed value copied elsewhere fails.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const prefix = 'v1';

export function seal(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // The row id as associated data: a sealed secret copied onto another channel row does not open.
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    prefix,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

export function open(key: Buffer, sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== prefix || !iv || !tag || body === undefined) throw new Error('unreadable sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}
