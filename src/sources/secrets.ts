/**
 * Source credentials at rest: sealed with the install key (src/config/secret-box.ts), bound to the source
 * id so a sealed blob copied onto another row does not open. Opened only inside the runner; never logged,
 * never returned by the API.
 */
import { open, seal } from '../config/secret-box.ts';

const context = (sourceId: string) => `source:${sourceId}`;

export function sealSecrets(key: Buffer, sourceId: string, secrets: Record<string, unknown>): string {
  return seal(key, JSON.stringify(secrets), context(sourceId));
}

export function openSecrets(key: Buffer, sourceId: string, sealed: string | null): Record<string, unknown> {
  if (!sealed) return {};
  return JSON.parse(open(key, sealed, context(sourceId))) as Record<string, unknown>;
}

/** Which credential fields are set, for the API: names only, never values. */
export function secretNames(secrets: Record<string, unknown>): string[] {
  return Object.keys(secrets).filter((k) => secrets[k] !== undefined && secrets[k] !== '');
}
