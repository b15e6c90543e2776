/**
 * The foundation through the HTTP API, as a client uses it: sign-in, roles, brands, webhook ingest,
 * mentions, rollups, and the audit log recording every write.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/app.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const postgresSkip = await serviceSkipReason('PostgreSQL', postgresAdminUrl);

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`foundation API on ${database}`, {
    skip: database === 'postgres' ? postgresSkip : undefined,
  }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ database });
    });
    after(() => t?.close());

    const acme = {
      name: 'Acme Air',
      aliases: ['אקמה אייר', 'Акме Эйр', '阿克米航空'],
      ownedAccounts: ['@acmeair'],
      competitors: ['Globex Airways'],
      languages: ['en', 'he', 'ru', 'zh'],
      timeZone: 'Asia/Jerusalem',
    };

    describe('sign-in and sessions', () => {
      it('signs in with a password, sets an http-only session cookie and knows the caller', async () => {
        const res = await t.api('POST', '/api/v1/auth/login', {
          token: null,
          body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        });
        assert.equal(res.status, 200);
        const cookie = res.headers.get('set-cookie') ?? '';
        assert.match(cookie, /fb_session=fbs_/);
        assert.match(cookie, /HttpOnly/i);
        const me = await t.api('GET', '/api/v1/me', {
          token: null,
          headers: { cookie: cookie.split(';')[0]! },
        });
        assert.equal(me.status, 200);
        assert.equal(me.body.email, ADMIN_EMAIL);
        assert.equal(me.body.via, 'session');
        assert.deepEqual(
          me.body.workspaces.map((w: { slug: string }) => w.slug),
          ['test'],
        );
      });

      it('refuses a wrong password with the same message as an unknown user', async () => {
        const wrong = await t.api('POST', '/api/v1/auth/login', {
          token: null,
          body: { email: ADMIN_EMAIL, password: 'nope' },
        });
        const unknown = await t.api('POST', '/api/v1/auth/login', {
          token: null,
          body: { email: 'who@example.com', password: 'nope' },
        });
        assert.equal(wrong.status, 401);
        assert.equal(unknown.status, 401);
        assert.equal(wrong.body.error.message, unknown.body.error.message);
      });

      it('answers 401 without credentials and for a revoked token', async () => {
        assert.equal((await t.api('GET', '/api/v1/brands', { token: null })).status, 401);
        const created = await t.api('POST', '/api/v1/tokens', { body: { name: 'ci', role: 'viewer' } });
        assert.equal(created.status, 201);
        assert.equal((await t.api('GET', '/api/v1/brands', { token: created.body.token })).status, 200);
        assert.equal((await t.api('DELETE', `/api/v1/tokens/${created.body.id}`)).status, 200);
        const revoked = await t.api('GET', '/api/v1/brands', { token: created.body.token });
        assert.equal(revoked.status, 401);
        assert.equal(revoked.body.error.code, 'unauthenticated');
      });
    });

    describe('brands and roles', () => {
      it('lets an admin create and edit a brand with aliases in Hebrew, Russian and Chinese', async () => {
        const created = await t.api('POST', '/api/v1/brands', { body: acme });
        assert.equal(created.status, 201);
        assert.deepEqual(created.body.aliases, acme.aliases);
        const patched = await t.api('PATCH', `/api/v1/brands/${created.body.id}`, {
          body: { aliases: [...acme.aliases, 'ACME'] },
        });
        assert.equal(patched.status, 200);
        assert.equal(patched.body.timeZone, 'Asia/Jerusalem', 'a PATCH changes only the fields it sends');
        assert.equal(patched.body.aliases.length, 4);
      });

      it('refuses a viewer and a responder the admin-only write, and lets the viewer read', async () => {
        for (const role of ['viewer', 'responder', 'approver'] as const) {
          const token = await t.tokenFor(role);
          const res = await t.api('POST', '/api/v1/brands', { token, body: { name: `Nope ${role}` } });
          assert.equal(res.status, 403, role);
          assert.equal(res.body.error.code, 'forbidden');
          assert.match(res.body.error.message, /admin role/);
        }
        const viewer = await t.tokenFor('viewer');
        assert.equal((await t.api('GET', '/api/v1/brands', { token: viewer })).status, 200);
      });

      it('rejects a bad body with 400 and the field path', async () => {
        const res = await t.api('POST', '/api/v1/brands', { body: { name: 'X', timeZone: 'Mars/Olympus' } });
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, 'validation_failed');
        assert.match(res.body.error.message, /timeZone/);
        const dup = await t.api('POST', '/api/v1/brands', { body: acme });
        assert.equal(dup.status, 409);
      });

      it('refuses to act in a workspace the caller does not belong to', async () => {
        const res = await t.api('GET', '/api/v1/brands', {
          headers: { 'x-firebreak-workspace': 'someone-else' },
        });
        assert.equal(res.status, 403);
      });
    });

    describe('webhook ingest', () => {
      let token: string;
      before(async () => {
        const res = await t.api('POST', '/api/v1/ingest/sources', {
          body: { name: 'Zapier', defaultSource: 'zapier' },
        });
        assert.equal(res.status, 201);
        token = res.body.token;
        assert.match(token, /^fbi_/);
      });

      const record = (id: string, text: string, lang: string) => ({
        source: 'x',
        id,
        text,
        lang,
        createdAt: '2026-11-25T09:30:00Z',
        author: { handle: 'dana', followers: 1200 },
        retweetedFrom: 'somebody',
      });

      it('stores NDJSON once, reports line numbers of bad lines, and is idempotent on resend', async () => {
        const lines = [
          JSON.stringify(record('1', 'אקמה אייר ביטלו לי את הטיסה', 'he')),
          '',
          '{"source": "x", "id": "2", "text": "broken',
          JSON.stringify(record('3', 'Акме Эйр потеряли багаж', 'ru')),
          JSON.stringify({ source: 'x', id: '4', createdAt: '2026-11-25T09:30:00Z' }),
          JSON.stringify(record('5', '阿克米航空又延误了', 'zh')),
        ].join('\n');
        const headers = { 'content-type': 'application/x-ndjson' };
        const first = await t.api('POST', '/api/v1/ingest', { token, raw: lines, headers });
        assert.equal(first.status, 200);
        assert.equal(first.body.read, 5);
        assert.equal(first.body.stored, 3);
        assert.deepEqual(
          first.body.rejected.map((r: { line: number }) => r.line),
          [3, 5],
        );
        assert.match(first.body.rejected[0].reason, /not valid JSON/);
        assert.match(first.body.rejected[1].reason, /^text:/);
        const again = await t.api('POST', '/api/v1/ingest', { token, raw: lines, headers });
        assert.equal(again.body.stored, 0);
        assert.equal(again.body.duplicates, 3);

        const mentions = await t.api('GET', '/api/v1/mentions?limit=10');
        assert.equal(mentions.body.items.length, 3);
        const he = mentions.body.items.find((m: { id: string }) => m.id === '1');
        assert.equal(he.text, 'אקמה אייר ביטלו לי את הטיסה');
        assert.deepEqual(he.raw, { retweetedFrom: 'somebody' }, 'unknown fields are kept as raw attributes');
      });

      it('accepts a JSON array, fills the source from the webhook default, and rejects a bad single record with 400', async () => {
        const { source: _s, ...withoutSource } = record('10', 'Acme Air lost my bag', 'en');
        const ok = await t.api('POST', '/api/v1/ingest', { token, body: [withoutSource] });
        assert.equal(ok.status, 200);
        assert.equal(ok.body.stored, 1);
        const stored = await t.api('GET', '/api/v1/mentions/zapier/10');
        assert.equal(stored.status, 200);
        const bad = await t.api('POST', '/api/v1/ingest', {
          token,
          body: { ...record('11', 'x', 'en'), createdAt: 'yesterday' },
        });
        assert.equal(bad.status, 400);
        assert.match(bad.body.error.message, /createdAt/);
      });

      it('answers 413 to a body over the limit and 401 to a wrong token', async () => {
        const huge = 'x'.repeat(6 * 1024 * 1024);
        const res = await t.api('POST', '/api/v1/ingest', {
          token,
          raw: huge,
          headers: { 'content-type': 'application/x-ndjson' },
        });
        assert.equal(res.status, 413);
        assert.equal(res.body.error.code, 'payload_too_large');
        assert.equal(
          (await t.api('POST', '/api/v1/ingest', { token: 'fbi_wrong', body: record('12', 'x', 'en') }))
            .status,
          401,
        );
      });

      it('serves per-bucket rollups of what was stored', async () => {
        const res = await t.api(
          'GET',
          '/api/v1/rollups?scope=*&from=2026-11-25T00:00:00Z&to=2026-11-26T00:00:00Z&bucketMinutes=60',
        );
        assert.equal(res.status, 200);
        // Three of the four complaints (cancelled flight, lost luggage, lost bag) read as negative to the
        // enrichment stage; the rollups count what the pipeline stored, so the chart shows it.
        const mentions = await t.api('GET', '/api/v1/mentions?limit=10&sentiment=negative');
        const negative = mentions.body.items.length;
        assert.ok(negative >= 3, `${negative} negative`);
        assert.deepEqual(res.body.points, [
          { t: '2026-11-25T09:00:00.000Z', count: 4, negative, reach: 4800, uniqueAuthors: 2 },
        ]);
        assert.deepEqual(res.body.bySource, { x: 3, zapier: 1 });
      });
    });

    describe('audit log', () => {
      it('records every write made through the API, attributed, with before and after', async () => {
        const res = await t.api('GET', '/api/v1/audit?limit=1000');
        assert.equal(res.status, 200);
        const actions = res.body.map((e: { action: string }) => e.action);
        for (const expected of [
          'brand.create',
          'brand.update',
          'token.create',
          'token.revoke',
          'source.create',
          'membership.set',
          'workspace.create',
        ]) {
          assert.ok(actions.includes(expected), `missing ${expected} in ${actions.join(',')}`);
        }
        const update = res.body.find((e: { action: string }) => e.action === 'brand.update');
        assert.match(update.actor, /token:test-admin/);
        assert.equal(update.before.aliases.length, 3);
        assert.equal(update.after.aliases.length, 4);
      });
    });

    describe('operations endpoints', () => {
      it('serves health, Prometheus metrics and the OpenAPI document', async () => {
        assert.deepEqual((await t.api('GET', '/healthz', { token: null })).body, {
          status: 'ok',
          database,
          bus: 'memory',
        });
        const metrics = await t.api('GET', '/metrics', { token: null });
        assert.match(metrics.body, /firebreak_ingest_records_total\{source="zapier",outcome="stored"\}/);
        const openapi = await t.api('GET', '/docs/json', { token: null });
        assert.equal(openapi.status, 200);
        assert.ok(openapi.body.paths['/api/v1/ingest']);
      });
    });
  });
}
