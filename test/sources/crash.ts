/** Drives crash-child.ts: start it, kill -9 once some (not all) mentions are stored, run it again. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { resolveSecretKey } from '../../src/config/secret-key.ts';
import { sealSecrets } from '../../src/sources/secrets.ts';
import { dataDirWithWorkspace } from '../import/workspace.ts';
import { root } from '../support/cli.ts';

const child = join(root, 'test', 'sources', 'crash-child.ts');

export async function sourceInDataDir(kind: string, params: unknown, secrets: Record<string, unknown> = {}) {
  const { dataDir, workspaceId } = await dataDirWithWorkspace('crash');
  const db = new Database(join(dataDir, 'firebreak.db'));
  const sourceId = `src_crash_${kind}`;
  const sealed = sealSecrets(resolveSecretKey({ dataDir }), sourceId, secrets);
  db.prepare(
    `INSERT INTO sources (id, workspace_id, kind, name, params, secrets, enabled, keep_unmatched, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 1, 1, 0, 0)`,
  ).run(sourceId, workspaceId, kind, `crash ${kind}`, JSON.stringify(params), sealed);
  db.close();
  return { dataDir, sourceId };
}

export function stored(dataDir: string): { total: number; distinct: number; cursor: string | null } {
  const db = new Database(join(dataDir, 'firebreak.db'), { readonly: true });
  try {
    const total = (db.prepare('SELECT COUNT(*) AS n FROM mentions').get() as { n: number }).n;
    const distinct = (
      db.prepare('SELECT COUNT(DISTINCT source || char(0) || external_id) AS n FROM mentions').get() as {
        n: number;
      }
    ).n;
    const cursor = (db.prepare('SELECT cursor FROM sources').get() as { cursor: string | null }).cursor;
    return { total, distinct, cursor };
  } finally {
    db.close();
  }
}

function run(dataDir: string, sourceId: string, delayMs: number) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, sourceId], {
    cwd: root,
    env: { ...process.env, CRASH_STORE_DELAY_MS: String(delayMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => {
    out += d;
  });
  proc.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { proc, exited, output: () => out };
}

/** Kills the first run once 0 < stored < total, then reruns until a run finishes cleanly. */
export async function crashAndResume(dataDir: string, sourceId: string, total: number) {
  const first = run(dataDir, sourceId, 150);
  let seen = 0;
  for (let i = 0; i < 6000 && seen === 0; i++) {
    await delay(5);
    seen = stored(dataDir).total;
  }
  assert.ok(seen > 0, `stored something before the kill: ${first.output()}`);
  first.proc.kill('SIGKILL');
  const killed = await first.exited;
  assert.equal(killed.signal, 'SIGKILL', `killed mid-sync, not finished: ${first.output()}`);
  const atKill = stored(dataDir).total;
  assert.ok(atKill < total, `killed part-way (${atKill} of ${total})`);
  const second = run(dataDir, sourceId, 0);
  const done = await second.exited;
  assert.equal(done.code, 0, second.output());
  return { atKill, after: stored(dataDir) };
}

/** One uninterrupted run (a first sync that sets the checkpoint). */
crashAndResume.firstRun = async (dataDir: string, sourceId: string) => {
  const r = run(dataDir, sourceId, 0);
  const done = await r.exited;
  assert.equal(done.code, 0, r.output());
  return { after: stored(dataDir) };
};
