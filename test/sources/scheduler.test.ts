/**
 * The background scheduler: one loop per enabled source, left alone while it makes progress, restarted
 * when its configuration changes, stopped when it is disabled.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { startSourceScheduler } from '../../src/modules/sources/scheduler.ts';
import { SqlCheckpoints } from '../../src/sources/sql-checkpoints.ts';
import { FakeAlgolia } from '../fakes/hackernews.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let algolia: FakeAlgolia;
before(async () => {
  algolia = await new FakeAlgolia().start();
  t = await startTestApp({ config: { allowPrivateNetworks: '1' } });
});
after(async () => {
  await t?.close();
  await algolia.http.stop();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await delay(25);
  assert.ok(check(), what);
}

it('keeps a progressing source running, restarts it on a config change, stops it when disabled', {
  timeout: 30_000,
}, async () => {
  const nowS = Math.floor(Date.now() / 1000);
  algolia.hits = [1, 2, 3].map((n) => ({
    objectID: String(n),
    created_at_i: nowS - n * 60,
    created_at: new Date((nowS - n * 60) * 1000).toISOString(),
    author: 'pg',
    comment_text: ['Сервис лежит', 'השירות נפל', '服务宕机了'][n - 1],
    _tags: ['comment'],
  }));
  const made = await t.api('POST', '/api/v1/sources', {
    body: {
      kind: 'hackernews',
      name: 'HN acme',
      params: { query: 'acme', apiBase: algolia.http.url, intervalMinutes: 60 },
    },
  });
  const stop = startSourceScheduler({
    sources: t.ctx.sources,
    sink: t.ctx.pipeline,
    checkpoints: new SqlCheckpoints(t.ctx.store.db),
    clock: t.ctx.clock,
    logger: t.ctx.logger,
    refreshMs: 50,
  });
  try {
    await until(() => algolia.http.requests.length === 1, 'first pass');
    await delay(400); // eight refreshes: the cursor moved, the configuration did not
    assert.equal(algolia.http.requests.length, 1, 'not restarted by its own progress');
    assert.equal(await t.ctx.store.mentions.count(t.workspaceId), 3);

    await t.api('PATCH', `/api/v1/sources/${made.body.id}`, {
      body: { params: { query: 'acme OR globex', apiBase: algolia.http.url, intervalMinutes: 60 } },
    });
    await until(() => algolia.http.requests.length === 2, 'restarted with the new params');
    assert.equal(algolia.http.requests[1]!.query.get('query'), 'acme OR globex');

    await t.api('PATCH', `/api/v1/sources/${made.body.id}`, {
      body: { enabled: false, params: { query: 'x', apiBase: algolia.http.url, intervalMinutes: 1 } },
    });
    await delay(400);
    assert.equal(algolia.http.requests.length, 2, 'a disabled source does not run');
  } finally {
    await stop();
  }
});
