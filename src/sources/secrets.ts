/**
 * Source credentials at rest: AES-256-GCM under the install key (FIREBREAK_SECRET_KEY, see
 * src/config/secret-key.ts), bound to the source id as associated data so a sealed blob copied onto
 * another row does not open. Opened only inside the runner; never logged, never returned by the API.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const version = 's1';

export function sealSecrets(key: Buffer, sourceId: string, secrets: Record<string, unknown>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`source:${sourceId}`));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return [
    version,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    body.toString('base64'),
  ].join('.');
}

export function openSecrets(key: Buffer, sourceId: string, sealed: string | null): Record<string, unknown> {
  if (!sealed) return {};
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== version || !iv || !tag || body === undefined) throw new Error('unreadable sealed credentials');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAAD(Buffer.from(`source:${sourceId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
    'utf8',
  );
  return JSON.parse(plain) as Record<string, unknown>;
}

/** Which credential fields are set, for the API: names only, never values. */
export function secretNames(secrets: Record<string, unknown>): string[] {
  return Object.keys(secrets).filter((k) => secrets[k] !== undefined && secrets[k] !== '');
}
