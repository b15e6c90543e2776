/**
 * Known authors (CRUD, roles, audit, effect on reach) and stored stories (top stories, origin,
 * members paged, spread by source), over real HTTP on SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);
// The seeds' own words about how a complaint spreads (seed 004, Chinese) and real complaints in he/ru/en.
const COMPLAINTS = {
  zh: '幾分鐘內,客戶抱怨就會像病毒一樣傳播開來,最終成為您品牌的聲譽危機。',
  he: 'אקמה אייר ביטלו לי את הטיסה ולא החזירו כסף, שירות מחפיר ואף אחד לא עונה',
  ru: 'Акме Эйр опять задержали рейс на шесть часов, никакой компенсации и поддержка молчит',
  en: 'Acme Air leaked the passport numbers of every passenger on flight 202 and says nothing',
};

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`known authors and stories API (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    before(async () => {
      if (skip) return;
      t = await startTestApp({ database });
    });
    after(async () => t?.close());

    it('lets admins write known authors, viewers read, and audits every write', { skip }, async () => {
      const viewer = await t.tokenFor('viewer');
      const created = await t.api('POST', '/api/v1/known-authors', {
        body: { platform: 'X', handle: '@Dana_Reports', kind: 'journalist', name: 'דנה כהן' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.handle, 'dana_reports');
      assert.equal(created.body.platform, 'x');
      assert.equal(created.body.weight, null);
      const dup = await t.api('POST', '/api/v1/known-authors', {
        body: { platform: 'x', handle: 'dana_reports', kind: 'influencer' },
      });
      assert.equal(dup.status, 409);
      const refused = await t.api('POST', '/api/v1/known-authors', {
        token: viewer,
        body: { handle: 'someone', kind: 'influencer' },
      });
      assert.equal(refused.status, 403);
      const bad = await t.api('POST', '/api/v1/known-authors', { body: { handle: 'x', kind: 'king' } });
      assert.equal(bad.status, 400);
      const list = await t.api('GET', '/api/v1/known-authors?kind=journalist', { token: viewer });
      assert.equal(list.status, 200);
      assert.equal(list.body.total, 1);
      assert.equal(list.body.items[0].name, 'דנה כהן');
      const patched = await t.api('PATCH', `/api/v1/known-authors/${created.body.id}`, {
        body: { weight: 5, note: 'national TV' },
      });
      assert.equal(patched.status, 200);
      assert.equal(patched.body.weight, 5);
      assert.equal(
        (
          await t.api('PATCH', `/api/v1/known-authors/${created.body.id}`, {
            token: viewer,
            body: { weight: 1 },
          })
        ).status,
        403,
      );
      const amb = await t.api('POST', '/api/v1/known-authors', {
        body: { handle: 'olga_fan', kind: 'ambassador' },
      });
      assert.equal(amb.body.platform, '*');
      assert.equal(
        (await t.api('DELETE', `/api/v1/known-authors/${amb.body.id}`, { token: viewer })).status,
        403,
      );
      assert.equal((await t.api('DELETE', `/api/v1/known-authors/${amb.body.id}`)).status, 204);
      assert.equal((await t.api('GET', `/api/v1/known-authors/${amb.body.id}`)).status, 404);
      const audit = await t.ctx.store.db
        .selectFrom('audit_events')
        .select(['action', 'subject_id'])
        .where('subject_type', '=', 'known_author')
        .orderBy('at')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['known_author.create', 'known_author.update', 'known_author.create', 'known_author.delete'],
      );
    });

    it('raises the estimated reach of a known author’s mention, per workspace', { skip }, async () => {
      await t.api('POST', '/api/v1/known-authors', {
        body: { platform: '*', handle: 'misha_news', kind: 'influencer' },
      });
      const post = (id: string, handle: string) => ({
        source: 'x',
        id,
        text: COMPLAINTS.ru,
        createdAt: new Date(T0).toISOString(),
        author: { handle, followers: 10_000 },
      });
      const report = await t.ctx.pipeline.ingest(
        [post('r1', 'Dana_Reports'), post('r2', 'misha_news'), post('r3', 'nobody')],
        { workspaceId: t.workspaceId, defaultSource: 'x', keepUnmatched: true },
      );
      assert.equal(report.stored, 3, JSON.stringify(report));
      const reach = async (id: string) => (await t.api('GET', `/api/v1/mentions/x/${id}`)).body.reach;
      assert.equal(await reach('r3'), 10_000);
      assert.equal(await reach('r1'), 50_000, 'journalist with weight 5');
      assert.equal(await reach('r2'), 20_000, 'influencer default 2, on any platform');
    });

    it('stores 5,000 reposts of one complaint as one story with its origin and spread', {
      skip,
    }, async () => {
      const variants = [
        COMPLAINTS.en,
        `RT @bob: ${COMPLAINTS.en}`,
        `${COMPLAINTS.en}!!! unbelievable`,
        `@acme ${COMPLAINTS.en} https://t.co/x1`,
      ];
      const records: unknown[] = [];
      for (let i = 0; i < 5000; i++)
        records.push({
          source: i % 3 === 0 ? 'bluesky' : 'x',
          id: `rp${i}`,
          text: variants[i % 4],
          createdAt: new Date(T0 + 60_000 + i * 1000).toISOString(),
          author: { handle: `u${i % 900}`, followers: 10 },
        });
      // The origin arrives last but is the earliest post.
      records.push({
        source: 'x',
        id: 'origin',
        text: COMPLAINTS.en,
        createdAt: new Date(T0).toISOString(),
        author: { handle: 'first_victim', followers: 50 },
      });
      // Other stories in he/ru/zh, a few members each.
      for (const [lang, text] of Object.entries(COMPLAINTS)) {
        if (lang === 'en') continue;
        for (let i = 0; i < 3; i++)
          records.push({
            source: 'vk',
            id: `${lang}${i}`,
            text: i === 0 ? text : `${text} #${i}`,
            createdAt: new Date(T0 + i * 5000).toISOString(),
            author: { handle: `${lang}_${i}` },
          });
      }
      const report = await t.ctx.pipeline.ingest(records, {
        workspaceId: t.workspaceId,
        defaultSource: 'x',
        keepUnmatched: true,
      });
      assert.equal(report.stored, records.length);
      const from = new Date(T0 - 3600_000).toISOString();
      const to = new Date(T0 + 3 * 3600_000).toISOString();
      const top = await t.api('GET', `/api/v1/stories?from=${from}&to=${to}&limit=5`, {
        token: await t.tokenFor('viewer'),
      });
      assert.equal(top.status, 200);
      const big = top.body.items[0];
      assert.equal(big.members, 5001);
      assert.equal(big.origin.id, 'origin');
      assert.equal(big.origin.text, COMPLAINTS.en);
      assert.deepEqual(big.sources, { bluesky: 1667, x: 3334 });
      type Summary = { members: number; origin: { id: string; text: string } };
      const byOrigin = (id: string) => top.body.items.find((s: Summary) => s.origin.id === id) as Summary;
      assert.equal(byOrigin('zh0').members, 3);
      assert.equal(byOrigin('zh0').origin.text, COMPLAINTS.zh);
      assert.equal(byOrigin('he0').members, 3);
      // The Russian complaint of the reach test (on x, same minute) is the same story as the VK posts.
      const ru = top.body.items.find(
        (s: Summary & { sources: Record<string, number> }) => s.sources.vk === 3 && s.sources.x,
      );
      assert.ok(ru, JSON.stringify(top.body.items.map((s: Summary) => [s.origin.id, s.members])));

      const page1 = await t.api('GET', `/api/v1/stories/${big.id}?limit=100&bucketMinutes=60`);
      assert.equal(page1.status, 200);
      assert.equal(page1.body.members, 5001);
      assert.equal(page1.body.items.length, 100);
      assert.equal(page1.body.items[0].id, 'origin');
      assert.ok(page1.body.next);
      const spreadTotal = page1.body.spread.reduce((a: number, p: { count: number }) => a + p.count, 0);
      assert.equal(spreadTotal, 5001);
      assert.ok(page1.body.spread.some((p: { source: string }) => p.source === 'bluesky'));
      const page2 = await t.api('GET', `/api/v1/stories/${big.id}?limit=100&after=${page1.body.next}`);
      assert.equal(page2.body.items.length, 100);
      const seen = new Set([...page1.body.items, ...page2.body.items].map((m: { id: string }) => m.id));
      assert.equal(seen.size, 200, 'pages do not overlap');
      assert.ok(page2.body.items[0].createdAt >= page1.body.items[99].createdAt);
      assert.equal((await t.api('GET', '/api/v1/stories/st_nope')).status, 404);
      assert.equal((await t.api('GET', `/api/v1/stories/${big.id}?after=bogus`)).status, 400);
      assert.equal((await t.api('GET', '/api/v1/stories', { token: null })).status, 401);
    });
  });
}
