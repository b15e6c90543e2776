/** The same import path against PostgreSQL: a vendor export in, and a re-import stores nothing new. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { importFile } from '../../src/import/index.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { createTempPostgresDatabase, postgresAdminUrl, serviceSkipReason } from '../support/services.ts';
import { texts } from './app.ts';

it('imports a Brandwatch export into PostgreSQL once, however often it is imported', async (t) => {
  const skip = await serviceSkipReason('PostgreSQL', postgresAdminUrl);
  if (skip) return t.skip(skip);
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-import-pg-'));
  const db = await createTempPostgresDatabase();
  const app = await assemble(loadConfig({ dataDir: dir, database: db.url, logLevel: 'silent' }, {}));
  try {
    const ws = await app.auth.createWorkspace(systemActor('test'), { name: 'Acme', slug: 'acme' });
    const rows = Object.entries(texts).map(
      ([lang, text], i) =>
        `2001,Acme Air,2026-11-25 08:1${i}:00,,"${text}",https://x.com/u/status/${i},${900 + i},twitter,${lang},"1,50${i}"`,
    );
    const file = join(dir, 'bw.csv');
    writeFileSync(
      file,
      [
        'Report:,Acme Air',
        'Generated:,2026-11-25',
        '',
        'Query Id,Query Name,Date,Title,Snippet,Url,Mention Id,Page Type,Language,X Followers',
        ...rows,
      ].join('\n'),
    );
    const origin = { workspaceId: ws.id };
    const first = await importFile(file, { sink: app.pipeline, origin });
    const second = await importFile(file, { sink: app.pipeline, origin });
    assert.deepEqual([first.format, first.stored, first.rejectedCount], ['brandwatch', 4, 0]);
    assert.deepEqual([second.stored, second.duplicates], [0, 4]);
    assert.equal(await app.store.mentions.count(ws.id), 4);
    const he = await app.store.mentions.get(ws.id, 'x', '901');
    assert.equal(he?.text, texts.he);
    assert.equal(he?.author, undefined);
  } finally {
    await app.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
