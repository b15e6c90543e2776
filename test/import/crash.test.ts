/**
 * The ingest guarantee under a real crash: `kill -9` a `firebreak import` of 200,000 mentions part-way,
 * import the same file again, and exactly 200,000 are stored — nothing lost, nothing twice.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { bin, cliEnv, root, runCli } from '../support/cli.ts';
import { texts } from './app.ts';
import { dataDirWithWorkspace } from './workspace.ts';

const TOTAL = 200_000;
const langs = Object.entries(texts);

async function writeRecords(path: string): Promise<void> {
  const out = createWriteStream(path);
  const start = Date.parse('2026-11-25T00:00:00Z');
  for (let i = 0; i < TOTAL; i++) {
    const [lang, text] = langs[i % langs.length]!;
    const line = `${JSON.stringify({
      source: i % 3 === 0 ? 'reddit' : 'x',
      id: `crash-${i}`,
      text: `${text} #${i}`,
      createdAt: new Date(start + i * 400).toISOString(),
      lang,
      author: { handle: `user${i % 5000}`, followers: i % 10_000 },
    })}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

let dataDir: string;
let file: string;
before(async () => {
  ({ dataDir } = await dataDirWithWorkspace('crash'));
  file = join(dataDir, 'big.jsonl');
  await writeRecords(file);
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

function countStored(): number {
  const db = new Database(join(dataDir, 'firebreak.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM mentions').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

// A correctness test, not a speed test: on a loaded shared machine the re-import alone took over 100 s.
it('kill -9 during an import of 200,000 mentions, then re-import: exactly 200,000 stored', {
  timeout: 360_000,
}, async () => {
  const env = cliEnv(dataDir);
  const child = spawn(process.execPath, [bin, 'import', file, '--workspace', 'crash', '--json'], {
    env,
    cwd: root,
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  let seen = 0;
  for (let i = 0; i < 3_000 && seen === 0; i++) {
    await delay(10);
    seen = countStored();
  }
  assert.ok(seen > 0, 'the import stored something before the kill');
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const beforeRestart = countStored();
  assert.ok(beforeRestart < TOTAL, `killed part-way (${beforeRestart} of ${TOTAL} stored)`);

  const again = await runCli(['import', file, '--workspace', 'crash', '--json'], env);
  assert.equal(again.code, 0, again.stderr);
  const summary = JSON.parse(again.stdout);
  assert.equal(summary.read, TOTAL);
  assert.equal(summary.rejectedCount, 0);
  assert.equal(summary.duplicates, beforeRestart, 'what was committed before the kill counts as duplicates');
  assert.equal(summary.stored, TOTAL - beforeRestart);
  assert.equal(countStored(), TOTAL);
});
