/**
 * `firebreak inbox list|coverage` as a user runs it (the real executable in a child process, on an
 * embedded database): the open queue most urgent first, mention text on one line with terminal escapes
 * removed, coverage figures, and a clear refusal of a bad status.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { cliEnv, runCli } from '../support/cli.ts';
import { makeMention } from '../support/mentions.ts';

describe('firebreak inbox (CLI)', () => {
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'firebreak-inbox-cli-'));
    const ctx = await assemble(loadConfig({ dataDir, database: 'sqlite', logLevel: 'silent' }, {}));
    const ws = await ctx.auth.createWorkspace(systemActor('test'), { name: 'Acme', slug: 'acme' });
    const negative = { label: 'negative' as const, score: -0.8 };
    const mentions = [
      makeMention(1, {
        workspaceId: ws.id,
        brandIds: ['brd_acme'],
        sentiment: negative,
        reach: 50_000,
        text: 'Acme Air leaked my data\u001b[2J\u001b[31m\nRED ALERT',
      }),
      makeMention(2, { workspaceId: ws.id, brandIds: ['brd_acme'], sentiment: negative, reach: 10 }),
      makeMention(3, { workspaceId: ws.id, brandIds: ['brd_acme'], sentiment: negative, reach: 500 }),
    ];
    await ctx.store.mentions.insertNew(mentions, mentions[0]!.createdAt);
    assert.equal(await ctx.inbox.enqueue(mentions), 3);
    const queue = await ctx.inbox.list(ws.id, { limit: 10 });
    const low = queue.items.find((i) => i.mention?.externalId === 'post-2')!;
    await ctx.inbox.close(systemActor('test'), ws.id, low.id, {
      reason: 'duplicate',
      note: 'the same post, reposted',
    });
    await ctx.close();
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists the open queue most urgent first, one safe line per mention', async () => {
    const res = await runCli(['inbox', 'list'], cliEnv(dataDir));
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.trim().split('\n');
    assert.equal(lines.length, 2, 'the closed item is not in the open queue');
    assert.match(lines[0]!, /^inb_\S+\s+\S+\s+new\s+x\s+@user1\s+Acme Air leaked my data RED ALERT$/);
    assert.ok(!res.stdout.includes('\u001b'), 'no terminal escape reaches the terminal');
    assert.match(lines[1]!, /@user3/);

    const all = await runCli(
      ['inbox', 'list', '--status', 'open,no_reply_needed', '--json'],
      cliEnv(dataDir),
    );
    const page = JSON.parse(all.stdout);
    assert.equal(page.items.length, 3);
    assert.ok(page.items[0].mention.text.includes('\u001b[2J'), 'JSON keeps the text verbatim, as data');

    const bad = await runCli(['inbox', 'list', '--status', 'burning'], cliEnv(dataDir));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--status must be among open, new, assigned/);
  });

  it('prints the coverage', async () => {
    const res = await runCli(['inbox', 'coverage'], cliEnv(dataDir));
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^negative mentions: 3$/m);
    assert.match(res.stdout, /^answered: 0 \(0\.0 %\)$/m);
    assert.match(res.stdout, /^closed with a reason: 1 \(duplicate 1\)$/m);
    assert.match(res.stdout, /^median time to first reply: —$/m);
    const json = JSON.parse(
      (await runCli(['inbox', 'coverage', '--by', 'brand', '--json'], cliEnv(dataDir))).stdout,
    );
    assert.deepEqual(
      json.groups.map((g: { brandId: string; total: number }) => [g.brandId, g.total]),
      [['brd_acme', 3]],
    );
  });
});
