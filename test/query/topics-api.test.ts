/**
 * Topics through the HTTP API and the pipeline, on SQLite and PostgreSQL: queries are validated before
 * saving, references between topics are kept intact, every write is audited, "test this query" returns
 * highlight spans, and the live matcher follows each change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { createTopicsModule } from '../../src/modules/topics/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const postgresSkip = await serviceSkipReason('PostgreSQL', postgresAdminUrl);

const record = (id: string, text: string, lang: string) => ({
  source: 'x',
  id,
  text,
  lang,
  createdAt: '2026-11-25T09:00:00Z',
  author: { handle: `user${id}`, followers: 100 },
});

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`topics API on ${database}`, { skip: database === 'postgres' ? postgresSkip : undefined }, () => {
    let t: TestApp;
    let brandId: string;
    let brandTopicId: string;
    before(async () => {
      t = await startTestApp({ database });
      const brand = await t.api('POST', '/api/v1/brands', {
        body: { name: 'Acme Air', aliases: ['אקמה אייר', 'Акме Эйр', '阿克米航空'] },
      });
      brandId = brand.body.id;
    });
    after(() => t?.close());

    it('creates a topic whose query is valid, tied to a brand', async () => {
      const res = await t.api('POST', '/api/v1/topics', {
        body: {
          name: 'Acme Air',
          kind: 'brand',
          brandId,
          query: '"acme air" OR "אקמה אייר" OR "Акме~ Эйр" OR 阿克米',
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.brandId, brandId);
      assert.equal(res.body.active, true);
      brandTopicId = res.body.id;
      const list = await t.api('GET', '/api/v1/topics');
      assert.deepEqual(
        list.body.map((x: { name: string }) => x.name),
        ['Acme Air'],
      );
    });

    it('refuses an invalid query with its position and a human message, saving nothing', async () => {
      const res = await t.api('POST', '/api/v1/topics', {
        body: { name: 'Broken', query: '(acme OR "acme air") AND (delay OR cancelled' },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'invalid_query');
      assert.match(res.body.error.message, /unbalanced parenthesis/);
      assert.equal(res.body.error.details.column, 26);
      const list = await t.api('GET', '/api/v1/topics');
      assert.equal(list.body.length, 1);
    });

    it('refuses a second topic of the same name in any case, an unknown brand and a reference cycle', async () => {
      assert.equal(
        (await t.api('POST', '/api/v1/topics', { body: { name: 'ACME AIR', query: 'acme' } })).status,
        409,
      );
      const noBrand = await t.api('POST', '/api/v1/topics', {
        body: { name: 'X', query: 'acme', brandId: 'brd_nope' },
      });
      assert.equal(noBrand.status, 400);
      const cycle = await t.api('POST', '/api/v1/topics', {
        body: { name: 'Loop', query: 'acme OR topic:"Loop"' },
      });
      assert.equal(cycle.status, 400);
      assert.match(cycle.body.error.message, /refers back to itself/);
    });

    it('lets only admins write, and viewers read and test', async () => {
      const viewer = await t.tokenFor('viewer');
      const write = await t.api('POST', '/api/v1/topics', {
        token: viewer,
        body: { name: 'V', query: 'acme' },
      });
      assert.equal(write.status, 403);
      assert.equal((await t.api('GET', '/api/v1/topics', { token: viewer })).status, 200);
      const test = await t.api('POST', '/api/v1/topics/test', { token: viewer, body: { query: 'acme' } });
      assert.equal(test.status, 200);
    });

    it('tags stored mentions through the pipeline and drops unmatched ones for a strict source', async () => {
      const crisis = await t.api('POST', '/api/v1/topics', {
        body: {
          name: 'Acme crisis',
          kind: 'crisis_terms',
          brandId,
          query: 'topic:"Acme Air" AND (refund OR lost OR החזר OR איבדו OR потеряли OR 丢失)',
        },
      });
      assert.equal(crisis.status, 201, JSON.stringify(crisis.body));
      const report = await t.ctx.pipeline.ingest(
        [
          record('1', 'Acme Air lost my bag in Lisbon', 'en'),
          record('2', 'באקמה אייר איבדו לי את המזוודה', 'he'),
          record('3', 'Летал Акмой Эйр, багаж потеряли', 'ru'),
          record('4', '阿克米航空丢失了我的行李', 'zh'),
          record('5', 'Globex was on time today', 'en'),
        ],
        { workspaceId: t.workspaceId, keepUnmatched: false },
      );
      assert.equal(report.stored, 4);
      assert.equal(report.dropped, 1);
      const stored = await t.api('GET', `/api/v1/mentions?topicId=${crisis.body.id}`);
      assert.deepEqual(stored.body.items.map((m: { id: string }) => m.id).sort(), ['1', '2', '3', '4']);
      for (const m of stored.body.items) {
        assert.deepEqual(m.topicIds.sort(), [brandTopicId, crisis.body.id].sort());
        assert.deepEqual(m.brandIds, [brandId]);
      }
    });

    it('tests a query against recent mentions and returns highlight spans, never HTML', async () => {
      const res = await t.api('POST', '/api/v1/topics/test', {
        body: { query: 'topic:"Acme Air" AND (איבדו OR 丢失)', lastN: 100, samples: 5 },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.checked, 4);
      assert.equal(res.body.matched, 2);
      const hebrew = res.body.samples.find((s: { id: string }) => s.id === '2');
      const words = hebrew.highlights.map((h: { start: number; end: number }) =>
        hebrew.text.slice(h.start, h.end),
      );
      assert.deepEqual(words, ['באקמה', 'אייר', 'איבדו']);
      const chinese = res.body.samples.find((s: { id: string }) => s.id === '4');
      const chars = chinese.highlights.map((h: { start: number; end: number }) =>
        chinese.text.slice(h.start, h.end),
      );
      assert.equal(chars.join(''), '阿克米丢失');
      assert.ok(!JSON.stringify(res.body.samples).includes('<mark'));
      const bad = await t.api('POST', '/api/v1/topics/test', { body: { query: 'acme NEAR refund' } });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'invalid_query');
    });

    it('follows an edit at once: the live matcher is rebuilt for the changed topic', async () => {
      const topic = await t.api('POST', '/api/v1/topics', { body: { name: 'Strike', query: 'strike' } });
      const first = await t.ctx.pipeline.ingest([record('10', 'pilots at Globex walk out', 'en')], {
        workspaceId: t.workspaceId,
        keepUnmatched: false,
      });
      assert.equal(first.stored, 0);
      const patched = await t.api('PATCH', `/api/v1/topics/${topic.body.id}`, {
        body: { query: 'strike OR "walk out"' },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const second = await t.ctx.pipeline.ingest([record('11', 'pilots at Globex walk out', 'en')], {
        workspaceId: t.workspaceId,
        keepUnmatched: false,
      });
      assert.equal(second.stored, 1);
      const deactivated = await t.api('PATCH', `/api/v1/topics/${topic.body.id}`, {
        body: { active: false },
      });
      assert.equal(deactivated.body.active, false);
      const third = await t.ctx.pipeline.ingest([record('12', 'pilots at Globex walk out again', 'en')], {
        workspaceId: t.workspaceId,
        keepUnmatched: false,
      });
      assert.equal(third.stored, 0);
      assert.equal((await t.api('DELETE', `/api/v1/topics/${topic.body.id}`)).status, 204);
    });

    it('refuses to rename or delete a topic another topic refers to', async () => {
      const rename = await t.api('PATCH', `/api/v1/topics/${brandTopicId}`, { body: { name: 'Acme' } });
      assert.equal(rename.status, 409);
      assert.match(rename.body.error.message, /Acme crisis/);
      const remove = await t.api('DELETE', `/api/v1/topics/${brandTopicId}`);
      assert.equal(remove.status, 409);
      assert.equal((await t.api('GET', `/api/v1/topics/${brandTopicId}`)).status, 200);
    });

    it('picks up topics another process wrote when the table changed', async () => {
      const other = createTopicsModule({
        db: t.ctx.store.db,
        clock: t.ctx.clock,
        mentions: t.ctx.store.mentions,
      });
      await other.service.create(systemActor('other-process'), t.workspaceId, {
        name: 'Outage',
        query: 'outage OR תקלה',
      });
      const m = {
        workspaceId: t.workspaceId,
        source: 'x',
        externalId: 'o1',
        text: 'עוד תקלה באתר',
        createdAt: 0,
      };
      assert.deepEqual(t.ctx.topics.live.match(m).topicIds, []);
      assert.equal(await t.ctx.topics.refreshIfChanged(), true);
      assert.equal(t.ctx.topics.live.match(m).topicIds.length, 1);
      assert.equal(await t.ctx.topics.refreshIfChanged(), false);
    });

    it('records every write in the audit log', async () => {
      const rows = await t.ctx.store.db
        .selectFrom('audit_events')
        .select(['action', 'subject_id'])
        .where('subject_type', '=', 'topic')
        .execute();
      const actions = rows.map((r) => r.action);
      assert.equal(actions.filter((a) => a === 'topic.create').length, 4);
      assert.equal(actions.filter((a) => a === 'topic.update').length, 2);
      assert.equal(actions.filter((a) => a === 'topic.delete').length, 1);
    });
  });
}
