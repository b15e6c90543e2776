/**
 * The response inbox through the HTTP API, on SQLite and PostgreSQL: negative brand mentions in four
 * languages arrive by webhook and enter the queue once (a resent delivery adds nothing), most urgent
 * first, paged by cursor; viewers read and are refused every change; closing needs a reason; there is
 * no delete; mentions linked to a crisis join it; canned replies wait for a published statement and
 * then link it, in the mention's language; replies land on the crisis timeline and in the coverage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/ports/clock.ts';
import { dataBreach, installTeamAndPlaybooks, person, testCatalog, testTeam } from '../crises/fixtures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const min = 60_000;
const start = Date.UTC(2026, 10, 25, 9, 0);
const hostile = '<script>alert("inbox")</script>';

const withReplies = {
  ...dataBreach,
  spec: {
    ...dataBreach.spec,
    replies: [
      { lang: 'en', body: 'We are sorry. What happened and what we do about it: {{statement_url}}' },
      { lang: 'he', body: 'אנחנו מצטערים. כל הפרטים והעדכונים כאן: {{statement_url}}' },
    ],
  },
};

const record = (id: string, text: string, lang: string, followers: number, minutesAgo = 0) => ({
  source: 'x',
  id,
  text,
  lang,
  createdAt: new Date(start - minutesAgo * min).toISOString(),
  author: { handle: `user_${id}`, followers },
});

const complaints = [
  record('he-1', 'אקמה אייר דלפו לי את פרטי האשראי, שירות מחפיר ואף אחד לא עונה', 'he', 50_000),
  record('ru-1', 'Акме Эйр слили мои данные, ужасно, никто не отвечает', 'ru', 800),
  record('zh-1', '阿克米航空泄露了我的个人信息，太糟糕了，客服也不回复', 'zh', 3_000),
  record('en-1', `Acme Air leaked my card details, terrible service ${hostile}`, 'en', 120),
  // As reach-weighty as he-1 but a day older: recency puts it below.
  record('en-old', 'Acme Air lost my data and my bag, awful and disappointing', 'en', 50_000, 24 * 60),
];
const praise = record('en-praise', 'Acme Air crew were wonderful today, thank you so much!', 'en', 10_000);

for (const database of (process.env.DBS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>) {
  describe(`response inbox (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    let clock: ManualClock;
    const tokens: Record<string, string> = {};
    let ingestToken: string;
    let brandId: string;
    const team = testTeam([
      person('p_lior', 'Lior Cohen', ['legal']),
      person('p_maya', 'Maya Katz', ['spokesperson']),
    ]);
    const userId = async (email: string) => (await t.ctx.auth.findUserByEmail(email))!.id;
    const ingest = async (records: unknown[]) => {
      const res = await t.api('POST', '/api/v1/ingest', { token: ingestToken, body: records });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await t.ctx.bus.drain();
      return res.body;
    };
    const queue = async (query = '') =>
      (await t.api('GET', `/api/v1/inbox${query}`, { token: tokens.viewer })).body;
    const itemOf = async (externalId: string) =>
      (await queue('?limit=200')).items.find((i: any) => i.mention.externalId === externalId);

    before(async () => {
      if (skip) return;
      clock = new ManualClock(start);
      t = await startTestApp({ database, clock, config: { publicUrl: 'https://status.acme.example' } });
      installTeamAndPlaybooks(t.ctx, team, testCatalog([withReplies]));
      tokens.viewer = await t.tokenFor('viewer', 'viewer@acme.example');
      tokens.responder = await t.tokenFor('responder', 'social@acme.example');
      tokens.legal = await t.tokenFor('approver', 'lior@acme.example');
      tokens.spokes = await t.tokenFor('approver', 'maya@acme.example');
      team.people[0]!.userId = await userId('lior@acme.example');
      team.people[1]!.userId = await userId('maya@acme.example');
      brandId = (await t.api('POST', '/api/v1/brands', { body: { name: 'Acme Air' } })).body.id;
      const topic = await t.api('POST', '/api/v1/topics', {
        body: {
          name: 'Acme Air',
          kind: 'brand',
          brandId,
          query: '"acme air" OR "אקמה אייר" OR "Акме~ Эйр" OR 阿克米',
        },
      });
      assert.equal(topic.status, 201, JSON.stringify(topic.body));
      ingestToken = (
        await t.api('POST', '/api/v1/ingest/sources', { body: { name: 'Hook', defaultSource: 'x' } })
      ).body.token;
      await ingest([...complaints, praise]);
    });

    after(async () => {
      if (skip) return;
      await t.close();
    });

    it('queues negative brand mentions once, most urgent first, with their text returned as data', {
      skip,
    }, async () => {
      const page = await queue('?limit=50');
      const ids = page.items.map((i: any) => i.mention.externalId);
      assert.deepEqual([...ids].sort(), ['en-1', 'en-old', 'he-1', 'ru-1', 'zh-1'], 'praise is not queued');
      assert.equal(ids[0], 'he-1', 'the widest-reaching fresh complaint comes first');
      assert.ok(ids.indexOf('en-old') > ids.indexOf('he-1'), 'a day-old complaint ranks below a fresh one');
      for (let i = 1; i < page.items.length; i++) {
        assert.ok(page.items[i - 1].priority >= page.items[i].priority, 'ordered by priority');
      }
      const en = page.items.find((i: any) => i.mention.externalId === 'en-1');
      assert.ok(en.mention.text.includes(hostile), 'hostile text is returned verbatim as JSON data');
      assert.equal(en.status, 'new');
      assert.deepEqual(en.actions, ['assign', 'reply', 'escalate', 'close']);

      const resent = await ingest([...complaints, praise]);
      assert.equal(resent.duplicates, 6);
      const redelivered = await t.ctx.inbox.enqueue([
        {
          workspaceId: t.workspaceId,
          source: 'x',
          externalId: 'he-1',
          text: complaints[0]!.text,
          createdAt: start,
          brandIds: [brandId],
          sentiment: { label: 'negative', score: -0.9 },
        },
      ]);
      assert.equal(redelivered, 0, 'a redelivered batch adds nothing');
      assert.equal((await queue('?limit=50')).items.length, 5, 'no item stored twice');
    });

    it('pages by cursor without gaps or repeats, and filters by status', { skip }, async () => {
      const first = await queue('?limit=2');
      assert.equal(first.items.length, 2);
      assert.ok(first.next);
      const second = await queue(`?limit=2&after=${first.next}`);
      const third = await queue(`?limit=2&after=${second.next}`);
      const all = [...first.items, ...second.items, ...third.items].map((i: any) => i.id);
      assert.equal(new Set(all).size, 5);
      assert.equal(third.next, null);
      const bad = await t.api('GET', '/api/v1/inbox?after=not-a-cursor', { token: tokens.viewer });
      assert.equal(bad.status, 400);
      assert.equal((await queue('?status=replied')).items.length, 0);
    });

    it('lets viewers read and refuses them every change; there is no delete', { skip }, async () => {
      const item = await itemOf('ru-1');
      assert.equal((await t.api('GET', `/api/v1/inbox/${item.id}`, { token: tokens.viewer })).status, 200);
      const viewer = { token: tokens.viewer };
      for (const [path, body] of [
        ['assign', { userId: null }],
        ['reply', { text: 'Извините' }],
        ['escalate', {}],
        ['close', { reason: 'duplicate', note: 'same as ru-0' }],
      ] as const) {
        const res = await t.api('POST', `/api/v1/inbox/${item.id}/${path}`, { ...viewer, body });
        assert.equal(res.status, 403, path);
        assert.match(res.body.error.message, /needs the responder role/);
      }
      assert.equal((await t.api('GET', '/api/v1/inbox', { token: null })).status, 401, 'no login, no queue');
      assert.equal(
        (await t.api('POST', `/api/v1/inbox/${item.id}/reply`, { token: null, body: { text: 'x' } })).status,
        401,
      );
      const del = await t.api('DELETE', `/api/v1/inbox/${item.id}`, { token: tokens.responder });
      assert.equal(del.status, 404, 'deleting is not an operation');
      assert.equal((await itemOf('ru-1')).status, 'new');
    });

    it('assigns to responders only, and closes only with a reason', { skip }, async () => {
      const item = await itemOf('zh-1');
      const social = await userId('social@acme.example');
      const toViewer = await t.api('POST', `/api/v1/inbox/${item.id}/assign`, {
        token: tokens.responder,
        body: { userId: await userId('viewer@acme.example') },
      });
      assert.equal(toViewer.status, 400);
      const assigned = await t.api('POST', `/api/v1/inbox/${item.id}/assign`, {
        token: tokens.responder,
        body: { userId: social },
      });
      assert.equal(assigned.body.status, 'assigned');
      const mine = await t.api('GET', '/api/v1/inbox?assignee=me', { token: tokens.responder });
      assert.deepEqual(
        mine.body.items.map((i: any) => i.id),
        [item.id],
      );

      const noReason = await t.api('POST', `/api/v1/inbox/${item.id}/close`, {
        token: tokens.responder,
        body: {},
      });
      assert.equal(noReason.status, 400);
      for (const body of [{ reason: 'other' }, { reason: 'duplicate', note: '   ' }, { reason: 'deleted' }]) {
        const refused = await t.api('POST', `/api/v1/inbox/${item.id}/close`, {
          token: tokens.responder,
          body,
        });
        assert.equal(refused.status, 400, JSON.stringify(body));
      }
      const withoutNote = await t.api('POST', `/api/v1/inbox/${item.id}/close`, {
        token: tokens.responder,
        body: { reason: 'spam_or_bot' },
      });
      assert.match(withoutNote.body.error.message, /needs a reason from the list and a note that says why/);
      const closed = await t.api('POST', `/api/v1/inbox/${item.id}/close`, {
        token: tokens.responder,
        body: { reason: 'spam_or_bot', note: '同一模板的机器人账号' },
      });
      assert.equal(closed.status, 200);
      assert.equal(closed.body.status, 'no_reply_needed');
      assert.equal(closed.body.closeReason, 'spam_or_bot');
      const again = await t.api('POST', `/api/v1/inbox/${item.id}/close`, {
        token: tokens.responder,
        body: { reason: 'duplicate', note: 'same post twice' },
      });
      assert.equal(again.status, 409);

      const audit = await t.api('GET', `/api/v1/audit?subjectType=inbox_item&subjectId=${item.id}`);
      assert.deepEqual(audit.body.map((a: any) => a.action).sort(), ['inbox.assign', 'inbox.close']);
    });

    it('joins linked mentions to a crisis; canned replies wait for the statement, then link it in Hebrew', {
      skip,
    }, async () => {
      const opened = await t.api('POST', '/api/v1/crises', {
        token: tokens.responder,
        body: {
          title: 'Card data leak',
          type: 'external_force',
          severity: 4,
          brandId,
          variables: { incident_summary: 'כתובות דוא״ל של לקוחות נחשפו' },
          mentions: [
            { source: 'x', externalId: 'he-1' },
            { source: 'x', externalId: 'en-praise' },
          ],
        },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const crisis = opened.body;
      await t.ctx.crises.drain();
      const inCrisis = await queue(`?crisisId=${crisis.id}`);
      assert.deepEqual(inCrisis.items.map((i: any) => i.mention.externalId).sort(), ['en-praise', 'he-1']);
      assert.equal(inCrisis.items.find((i: any) => i.mention.externalId === 'en-praise').origin, 'crisis');

      const he = inCrisis.items.find((i: any) => i.mention.externalId === 'he-1');
      const early = await t.api('GET', `/api/v1/inbox/${he.id}/canned-replies`, { token: tokens.viewer });
      assert.equal(early.body.ready, false);
      assert.match(early.body.reason, /No statement is published/);

      const draft = await t.api('POST', `/api/v1/crises/${crisis.id}/statements`, {
        token: tokens.responder,
        body: { kind: 'holding' },
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      for (const who of ['legal', 'spokes']) {
        const ok = await t.api('POST', `/api/v1/statements/${draft.body.id}/approve`, {
          token: tokens[who],
          body: { version: 1 },
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
      }
      const published = await t.api('POST', `/api/v1/statements/${draft.body.id}/publish`, {
        token: tokens.spokes,
        body: { version: 1 },
      });
      assert.equal(published.status, 200, JSON.stringify(published.body));

      const canned = await t.api('GET', `/api/v1/inbox/${he.id}/canned-replies`, { token: tokens.viewer });
      assert.equal(canned.body.ready, true, JSON.stringify(canned.body));
      assert.equal(canned.body.statement.url, crisis.publicUrl);
      assert.deepEqual(
        canned.body.replies.map((r: any) => r.text),
        [`אנחנו מצטערים. כל הפרטים והעדכונים כאן: ${crisis.publicUrl}`],
      );

      clock.advance(12 * min);
      const replied = await t.api('POST', `/api/v1/inbox/${he.id}/reply`, {
        token: tokens.responder,
        body: { text: canned.body.replies[0].text },
      });
      assert.equal(replied.status, 200, JSON.stringify(replied.body));
      assert.equal(replied.body.status, 'replied');
      const detail = await t.api('GET', `/api/v1/inbox/${he.id}`, { token: tokens.viewer });
      assert.equal(detail.body.replies.length, 1);
      assert.deepEqual(detail.body.replies[0].statement, { id: draft.body.id, version: 1 });
      assert.match(detail.body.replies[0].by, /social@acme\.example/);
      const audited = await t.api('GET', `/api/v1/audit?subjectType=inbox_item&subjectId=${he.id}`);
      const replyAudit = audited.body.find((a: any) => a.action === 'inbox.reply');
      assert.equal(replyAudit.after.status, 'replied');
      assert.equal(
        replyAudit.after.reply.text,
        canned.body.replies[0].text,
        'the reply given is in the audit log',
      );
      assert.deepEqual(replyAudit.after.reply.statement, { id: draft.body.id, version: 1 });
      assert.equal(replyAudit.before.status, 'new');

      const timeline = await t.api('GET', `/api/v1/crises/${crisis.id}/timeline`, { token: tokens.viewer });
      const events = Array.isArray(timeline.body) ? timeline.body : timeline.body.events;
      assert.ok(
        events.some((e: any) => e.kind === 'reply.sent'),
        'the reply is on the crisis timeline',
      );

      const coverage = await t.api('GET', `/api/v1/inbox/coverage?crisisId=${crisis.id}`, {
        token: tokens.viewer,
      });
      // Coverage counts the negative mentions; the praise linked to the crisis is only in `all`.
      assert.equal(coverage.body.total, 1);
      assert.equal(coverage.body.replied, 1);
      assert.equal(coverage.body.answeredShare, 1);
      assert.equal(coverage.body.medianTimeToFirstReplyMs, 12 * min);
      assert.equal(coverage.body.all.total, 2);
      assert.equal(coverage.body.all.answeredShare, 0.5);

      const brand = await t.api('GET', `/api/v1/inbox/coverage?brandId=${brandId}`, { token: tokens.viewer });
      assert.equal(brand.body.total, 5);
      assert.equal(brand.body.replied, 1);
      assert.equal(brand.body.closedWithReason, 1);
      assert.deepEqual(brand.body.byReason, { spam_or_bot: 1 });
      assert.equal(brand.body.open, 3);
      assert.equal(brand.body.answeredShare, 0.2);
      assert.equal(brand.body.handledShare, 0.4);
      assert.deepEqual(brand.body.byStatus, { new: 4, replied: 1, no_reply_needed: 1 });

      const perCrisis = await t.api('GET', '/api/v1/inbox/coverage?by=crisis', { token: tokens.viewer });
      assert.deepEqual(
        perCrisis.body.groups.map((g: any) => [g.crisisId, g.total, g.replied]),
        [
          [null, 4, 0],
          [crisis.id, 1, 1],
        ],
      );
      const old = await t.api('GET', `/api/v1/inbox/coverage?until=${start - 60 * min}`, {
        token: tokens.viewer,
      });
      assert.equal(old.body.total, 1, 'only the day-old complaint was posted before the window');
    });

    it('reopens a closed item by assigning it, on the crisis timeline when it is a crisis item', {
      skip,
    }, async () => {
      const zh = await itemOf('zh-1');
      assert.equal(zh.status, 'no_reply_needed');
      const social = await userId('social@acme.example');
      const reopened = await t.api('POST', `/api/v1/inbox/${zh.id}/assign`, {
        token: tokens.responder,
        body: { userId: social },
      });
      assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
      assert.equal(reopened.body.status, 'assigned');
      assert.equal(reopened.body.closeReason, null);
      const open = await queue('?status=open&limit=200');
      assert.ok(open.items.some((i: any) => i.id === zh.id));
      assert.ok(open.items.every((i: any) => ['new', 'assigned', 'escalated'].includes(i.status)));
      for (let i = 1; i < open.items.length; i++) {
        assert.ok(
          open.items[i - 1].priority >= open.items[i].priority,
          'merged pages stay in priority order',
        );
      }
      assert.equal((await queue('?status=burning')).error.code, 'validation_failed');

      const crisisItem = (await queue('?status=new&limit=200')).items.find((i: any) => i.crisisId);
      const escalated = await t.api('POST', `/api/v1/inbox/${crisisItem.id}/escalate`, {
        token: tokens.responder,
        body: { note: 'needs legal' },
      });
      assert.equal(escalated.body.status, 'escalated');
      await t.api('POST', `/api/v1/inbox/${crisisItem.id}/assign`, {
        token: tokens.responder,
        body: { userId: social },
      });
      const events = await t.api(
        'GET',
        `/api/v1/crises/${crisisItem.crisisId}/timeline?kind=inbox.escalated,inbox.assigned`,
        { token: tokens.viewer },
      );
      assert.deepEqual(
        events.body.map((e: any) => e.kind),
        ['inbox.escalated', 'inbox.assigned'],
      );
    });
  });
}
