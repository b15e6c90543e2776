import { createHash } from 'node:crypto';
import argon2 from 'argon2';

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Session ids and API tokens are long random secrets: a fast hash is enough and lets us look them up. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
