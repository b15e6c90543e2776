import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSecretKey, resolveSecretKey } from './secret-key.ts';

describe('secret key', () => {
  it('accepts 32 bytes as hex or base64 and refuses anything else with a hint', () => {
    const hex = 'ab'.repeat(32);
    assert.equal(parseSecretKey(hex).length, 32);
    assert.deepEqual(parseSecretKey(Buffer.from(hex, 'hex').toString('base64')), Buffer.from(hex, 'hex'));
    assert.throws(() => parseSecretKey('too-short'), /openssl rand -hex 32/);
  });

  it('generates a key once into the data directory, readable only by its owner, and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-key-'));
    try {
      const first = resolveSecretKey({ dataDir });
      const second = resolveSecretKey({ dataDir });
      assert.deepEqual(first, second);
      const file = join(dataDir, 'secret.key');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(readFileSync(file, 'utf8').trim(), first.toString('hex'));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
