/**
 * The response inbox with 100,000 items waiting (SQLite): a page of the open queue, most urgent first,
 * read by the stored rank through index range scans (docs/INBOX.md), beside the obvious alternative
 * measured in the same run: read every open item, compute reach × negativity × recency now, sort, take
 * the page. Also a page 200 pages deep (keyset cursor) and the live coverage figures of the workspace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mention } from '../src/domain/mention.ts';
import { createInboxService, priorityAt } from '../src/modules/inbox/index.ts';
import { ManualClock } from '../src/ports/clock.ts';
import { openStore } from '../src/store/open.ts';
import type { Bench, BenchResult } from './types.ts';

const N = 100_000;
const PAGE = 50;
const start = Date.parse('2026-11-25T00:00:00Z');

function mentions(ws: string): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < N; i++) {
    out.push({
      workspaceId: ws,
      source: i % 3 === 0 ? 'reddit' : 'x',
      externalId: `m${i}`,
      text: `Acme Air lost my bag and nobody answers #${i}`,
      createdAt: start + i * 2_000,
      lang: 'en',
      author: { handle: `user${i % 20_000}`, followers: (i * 7919) % 200_000 },
      brandIds: ['brd_bench'],
      sentiment: { label: 'negative', score: -0.3 - ((i * 13) % 70) / 100 },
      reach: (i * 7919) % 200_000,
    });
  }
  return out;
}

/** Median of `rounds` timings, ms. */
async function time(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[rounds >> 1]!;
}

export const bench: Bench = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-inbox-bench-'));
  const store = await openStore({ database: 'sqlite', dataDir: dir });
  try {
    const ws = 'ws_bench';
    store
      .sqlite!.prepare('INSERT INTO workspaces (id, slug, name, created_at) VALUES (?, ?, ?, ?)')
      .run(ws, 'bench', 'Bench', 0);
    const clock = new ManualClock(start + N * 2_000);
    const none = () => {
      throw new Error('not used by this bench');
    };
    const inbox = createInboxService({
      db: store.db,
      clock,
      crises: none,
      statements: none,
      playbooks: () => undefined,
    });
    const all = mentions(ws);
    for (let i = 0; i < all.length; i += 5_000) {
      const batch = all.slice(i, i + 5_000);
      await store.mentions.insertNew(batch, clock.now());
      await inbox.enqueue(batch);
    }
    // Some of the queue is already handled: the open queue is what a responder reads.
    store
      .sqlite!.prepare(
        "UPDATE inbox_items SET status = 'replied', first_reply_at = mention_created_at + 600000 WHERE rowid % 4 = 0",
      )
      .run();
    store.sqlite!.prepare("UPDATE inbox_items SET status = 'assigned' WHERE rowid % 4 = 1").run();

    const open = ['new', 'assigned', 'escalated'] as const;
    const first = await inbox.list(ws, { status: [...open], limit: PAGE });
    const ours = await time(15, () => inbox.list(ws, { status: [...open], limit: PAGE }));

    // The alternative: score every open item at read time.
    const naivePage = async () => {
      const rows = await store.db
        .selectFrom('inbox_items')
        .select(['id', 'rank'])
        .where('workspace_id', '=', ws)
        .where('status', 'in', [...open])
        .execute();
      const now = clock.now();
      return rows
        .map((r) => ({ id: r.id, p: priorityAt(Number(r.rank), now) }))
        .sort((a, b) => b.p - a.p)
        .slice(0, PAGE);
    };
    const naive = await time(5, naivePage);
    const same = (await naivePage()).map((r) => r.id).join() === first.items.map((i) => i.id).join();

    let cursor: string | undefined;
    for (let p = 0; p < 200; p++)
      cursor = (await inbox.list(ws, { status: [...open], limit: PAGE, after: cursor })).next ?? undefined;
    const deep = await time(15, () => inbox.list(ws, { status: [...open], limit: PAGE, after: cursor }));
    const coverage = await time(5, () => inbox.coverage(ws, {}));

    const results: BenchResult[] = [
      {
        name: `inbox: first page of ${PAGE} of the open queue, ${N.toLocaleString('en-US')} items (same order as scoring all: ${same})`,
        value: 1_000 / ours,
        unit: 'pages/s',
        baseline: { name: 'read every open item, score now, sort', value: 1_000 / naive },
        ratio: naive / ours,
        target: '>= 100 pages/s',
        met: 1_000 / ours >= 100,
      },
      {
        name: `inbox: page 201 of the open queue (keyset cursor)`,
        value: 1_000 / deep,
        unit: 'pages/s',
        baseline: { name: 'read every open item, score now, sort', value: 1_000 / naive },
        ratio: naive / deep,
      },
      {
        name: `inbox: live coverage of the workspace (${N.toLocaleString('en-US')} items, GROUP BY + reply delays)`,
        value: coverage,
        unit: 'ms',
      },
    ];
    return results;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
