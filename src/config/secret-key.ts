/**
 * The key that encrypts stored credentials. From FIREBREAK_SECRET_KEY (32 bytes, hex or base64) when
 * set — required when several processes share a database — else generated once into the data
 * directory (mode 0600), so the embedded install needs no setup.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FirebreakError } from '../domain/errors.ts';

export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new FirebreakError(
      'validation_failed',
      'FIREBREAK_SECRET_KEY must be 32 bytes, written as 64 hex digits or base64 (e.g. `openssl rand -hex 32`).',
    );
  }
  return key;
}

export function resolveSecretKey(config: { secretKey?: string; dataDir: string }): Buffer {
  if (config.secretKey) return parseSecretKey(config.secretKey);
  const file = join(config.dataDir, 'secret.key');
  if (existsSync(file)) return parseSecretKey(readFileSync(file, 'utf8'));
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
