/**
 * Sources through the HTTP API and the CLI, as an admin uses them: the registry of kinds, validation,
 * sealed credentials that never come back, the SSRF guard, the dry-run test, audit events, the
 * background scheduler storing mentions, and health in /api/v1/sources and /metrics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { listAudit } from '../../src/modules/audit/audit.ts';
import { startSources } from '../../src/modules/sources/index.ts';
import { FakeFeed } from '../fakes/rss.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { cliEnv, runCli } from '../support/cli.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';
import { fixture } from './support.ts';

const postgresSkip = await serviceSkipReason('PostgreSQL', postgresAdminUrl);

for (const database of ['sqlite', 'postgres'] as const)
  describe(`sources API on ${database}`, { skip: database === 'postgres' ? postgresSkip : undefined }, () => {
    let guarded: TestApp;
    let open: TestApp;
    let feed: FakeFeed;
    before(async () => {
      feed = await new FakeFeed().start();
      feed.publish(fixture('rss/rss2-sample.xml'), 'Tue, 10 Jun 2003 09:41:01 GMT');
      guarded = await startTestApp({ database });
      open = await startTestApp({ database, config: { allowPrivateNetworks: '1' } });
    });
    after(async () => {
      await guarded?.close();
      await open?.close();
      await feed.http.stop();
    });

    it('lists every kind, including the foundation webhook and import', async () => {
      const res = await guarded.api('GET', '/api/v1/sources/kinds');
      assert.equal(res.status, 200);
      const kinds = res.body.map((k: { kind: string }) => k.kind);
      for (const k of ['rss', 'hackernews', 'reddit', 'bluesky', 'bluesky-search', 'webhook', 'import'])
        assert.ok(kinds.includes(k), k);
    });

    it('validates params and credentials by kind', async () => {
      const badUrl = await guarded.api('POST', '/api/v1/sources', {
        body: { kind: 'rss', name: 'x', params: { url: 'ftp://x' } },
      });
      assert.equal(badUrl.status, 400);
      assert.match(JSON.stringify(badUrl.body), /params: url/);
      const noSecret = await guarded.api('POST', '/api/v1/sources', {
        body: { kind: 'reddit', name: 'r', params: { subreddit: 'acme' }, secrets: { clientId: 'id' } },
      });
      assert.equal(noSecret.status, 400);
      assert.match(JSON.stringify(noSecret.body), /secrets: clientSecret/);
      const unknown = await guarded.api('POST', '/api/v1/sources', { body: { kind: 'myspace', name: 'm' } });
      assert.equal(unknown.status, 400);
      const viewer = await guarded.tokenFor('viewer', 'viewer@example.com');
      const forbidden = await guarded.api('POST', '/api/v1/sources', {
        token: viewer,
        body: { kind: 'hackernews', name: 'hn', params: { query: 'acme' } },
      });
      assert.equal(forbidden.status, 403);
    });

    it('seals credentials at rest and never returns them; PATCH merges them; DELETE is audited', async () => {
      const secret = 'Sup3r-s3cret-Кл0ч-סוד';
      const created = await guarded.api('POST', '/api/v1/sources', {
        body: {
          kind: 'reddit',
          name: 'r/acme',
          params: { subreddit: 'acme' },
          secrets: { clientId: 'cid-1', clientSecret: secret },
        },
      });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body.credentials, ['clientId', 'clientSecret']);
      assert.ok(!JSON.stringify(created.body).includes(secret));
      const row = await guarded.ctx.store.db
        .selectFrom('sources')
        .select('secrets')
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      assert.ok(
        row.secrets && !row.secrets.includes(secret) && !row.secrets.includes('cid-1'),
        'sealed, not plain',
      );

      const listed = await guarded.api('GET', '/api/v1/sources');
      assert.ok(!JSON.stringify(listed.body).includes(secret));
      const patched = await guarded.api('PATCH', `/api/v1/sources/${created.body.id}`, {
        body: { secrets: { clientSecret: 'rotated' }, enabled: false },
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.enabled, false);
      assert.deepEqual(patched.body.credentials, ['clientId', 'clientSecret']);
      const audit = await listAudit(guarded.ctx.store.db, {
        workspaceId: guarded.workspaceId,
        limit: 50,
      } as never);
      const text = JSON.stringify(audit);
      assert.ok(!text.includes(secret) && !text.includes('rotated'), 'the audit log has names, not values');
      assert.ok(audit.some((a) => a.action === 'source.update'));

      const del = await guarded.api('DELETE', `/api/v1/sources/${created.body.id}`);
      assert.equal(del.status, 204);
      assert.equal((await guarded.api('GET', `/api/v1/sources/${created.body.id}`)).status, 404);
    });

    it('refuses a loopback feed URL unless private networks are allowed', async () => {
      const made = await guarded.api('POST', '/api/v1/sources', {
        body: { kind: 'rss', name: 'local', params: { url: feed.url } },
      });
      const test = await guarded.api('POST', `/api/v1/sources/${made.body.id}/test`);
      assert.equal(test.body.ok, false);
      assert.match(test.body.error, /private|loopback/);

      const allowed = await open.api('POST', '/api/v1/sources', {
        body: { kind: 'rss', name: 'local', params: { url: feed.url } },
      });
      const ok = await open.api('POST', `/api/v1/sources/${allowed.body.id}/test`);
      assert.equal(ok.body.ok, true);
      assert.equal(ok.body.items, 3);
      assert.equal(ok.body.samples[0].id, 'http://liftoff.msfc.nasa.gov/2003/06/03.html#item573');
      assert.equal(await open.ctx.store.mentions.count(open.workspaceId), 0, 'a test stores nothing');
    });

    it('the scheduler runs enabled sources; health shows in the API, /metrics and the CLI', {
      timeout: 60_000,
    }, async () => {
      const webhook = await open.api('POST', '/api/v1/ingest/sources', { body: { name: 'Zapier' } });
      assert.equal(webhook.status, 201);
      const stop = startSources(open.ctx);
      try {
        let sources: Array<{ kind: string; health: { lastSuccessAt?: number } | null; id: string }> = [];
        for (let i = 0; i < 200; i++) {
          sources = (await open.api('GET', '/api/v1/sources')).body;
          if (sources.find((s) => s.kind === 'rss')?.health?.lastSuccessAt) break;
          await delay(50);
        }
        const rss = sources.find((s) => s.kind === 'rss')!;
        assert.ok(rss.health?.lastSuccessAt, 'the rss source ran');
        assert.ok(
          sources.some((s) => s.kind === 'webhook'),
          'the webhook source is in the same list',
        );
        assert.equal(await open.ctx.store.mentions.count(open.workspaceId), 3);
        const metrics = await fetch(`${open.url}/metrics`).then((r) => r.text());
        assert.match(
          metrics,
          new RegExp(`firebreak_source_up\\{source_id="${rss.id}",kind="rss",workspace_id="[^"]+"\\} 1`),
        );
        assert.match(metrics, /firebreak_source_items_total\{[^}]*kind="rss"[^}]*\} 3/);
      } finally {
        await stop();
      }
      const env = cliEnv(open.ctx.config.dataDir, {
        FIREBREAK_ALLOW_PRIVATE_NETWORKS: '1',
        FIREBREAK_DATABASE: open.ctx.config.database,
      });
      const list = await runCli(['sources', 'list', '--workspace', 'test', '--json'], env);
      assert.equal(list.code, 0, list.stderr);
      const listed = JSON.parse(list.stdout) as Array<{
        kind: string;
        id: string;
        health: { itemsTotal?: number };
      }>;
      const rss = listed.find((s) => s.kind === 'rss')!;
      assert.equal(rss.health.itemsTotal, 3);
      const human = await runCli(['sources', 'list', '--workspace', 'test'], env);
      assert.match(human.stdout, /rss\s+ok\s+local/);
      const tested = await runCli(['sources', 'test', rss.id, '--workspace', 'test', '--json'], env);
      assert.equal(tested.code, 0, tested.stderr);
      assert.equal(JSON.parse(tested.stdout).items, 3);
    });
  });
