/**
 * Statements through the HTTP API on SQLite and PostgreSQL: a draft from the Hebrew and English
 * templates with a missing variable reported; the approval chain refuses viewers, responders and
 * approvers without the crisis role; publication is refused (409, naming what is missing) until legal and
 * the spokesperson approved that exact version; an edit after approval resets it; the public page is
 * served over HTTP (404 before publication, RTL Hebrew, hostile text escaped, strict CSP), with dated
 * updates; `current` gives the official wording and link; the export records who approved what.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/ports/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';
import { dataBreach, installTeamAndPlaybooks, person, testCatalog, testTeam } from './fixtures.ts';

const min = 60_000;
const start = Date.UTC(2026, 10, 25, 7, 0);
const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';

for (const database of (process.env.DBS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>) {
  describe(`statements and the public page (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    let clock: ManualClock;
    const tokens: Record<string, string> = {};
    let crisis: any;
    let statementId: string;
    const team = testTeam([
      person('p_dana', 'Dana Levi', ['crisis_lead']),
      person('p_lior', 'Lior Cohen', ['legal']),
      person('p_maya', 'Maya Katz', ['spokesperson']),
      person('p_ron', 'Ron (marketing)', ['marketing']),
      person('p_resp', 'Social manager', ['legal', 'social_media']),
    ]);

    const userId = async (email: string) => (await t.ctx.auth.findUserByEmail(email))!.id;
    const approve = (who: string, version: number, extra: Record<string, unknown> = {}) =>
      t.api('POST', `/api/v1/statements/${statementId}/approve`, {
        token: tokens[who],
        body: { version, ...extra },
      });
    const publish = (who: string, version: number) =>
      t.api('POST', `/api/v1/statements/${statementId}/publish`, { token: tokens[who], body: { version } });

    before(async () => {
      if (skip) return;
      clock = new ManualClock(start);
      t = await startTestApp({ database, clock, config: { publicUrl: 'https://status.acme.example' } });
      installTeamAndPlaybooks(t.ctx, team, testCatalog([dataBreach]));
      tokens.viewer = await t.tokenFor('viewer', 'viewer@acme.example');
      tokens.responder = await t.tokenFor('responder', 'social@acme.example');
      tokens.legal = await t.tokenFor('approver', 'lior@acme.example');
      tokens.spokes = await t.tokenFor('approver', 'maya@acme.example');
      tokens.marketing = await t.tokenFor('approver', 'ron@acme.example');
      team.people.find((p) => p.id === 'p_lior')!.userId = await userId('lior@acme.example');
      team.people.find((p) => p.id === 'p_maya')!.userId = await userId('maya@acme.example');
      team.people.find((p) => p.id === 'p_ron')!.userId = await userId('ron@acme.example');
      // A responder who holds the legal crisis role still may not approve: approving needs both.
      team.people.find((p) => p.id === 'p_resp')!.userId = await userId('social@acme.example');
      await t.api('POST', '/api/v1/brands', { body: { name: 'אקמה Air' } });
      const brands = await t.api('GET', '/api/v1/brands');
      const opened = await t.api('POST', '/api/v1/crises', {
        token: tokens.responder,
        body: { title: 'Leak', type: 'external_force', severity: 4, brandId: brands.body[0].id },
      });
      assert.equal(opened.status, 201);
      crisis = opened.body;
      await t.ctx.crises.drain();
    });

    after(async () => {
      if (skip) return;
      await t.close();
    });

    it('drafts from the playbook templates; the missing variable is reported and stays visible', {
      skip,
    }, async () => {
      assert.equal((await t.api('GET', `/s/${crisis.slug}`, { token: null })).status, 404);
      const refused = await t.api('POST', `/api/v1/crises/${crisis.id}/statements`, {
        token: tokens.viewer,
        body: { kind: 'holding' },
      });
      assert.equal(refused.status, 403);
      const res = await t.api('POST', `/api/v1/crises/${crisis.id}/statements`, {
        token: tokens.responder,
        body: { kind: 'holding' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      statementId = res.body.id;
      assert.equal(res.body.state, 'draft');
      assert.deepEqual(res.body.requiredApprovals, ['legal', 'spokesperson']);
      assert.deepEqual(res.body.missingVariables, ['incident_summary']);
      const he = res.body.variants.find((v: any) => v.channel === 'site' && v.lang === 'he');
      assert.equal(he.title, 'הודעה בנוגע לאירוע המידע ב-אקמה Air');
      assert.equal(he.body, `גילינו כי {{incident_summary}}.\n\nאנו מתנצלים. עדכונים: ${crisis.publicUrl}`);
      const tasks = (await t.api('GET', `/api/v1/crises/${crisis.id}/tasks`)).body;
      assert.equal(tasks.find((x: any) => x.stepId === 'holding').status, 'done', 'the draft step is done');
    });

    it('refuses approval to viewers, responders (even with the crisis role) and approvers without it', {
      skip,
    }, async () => {
      assert.equal((await approve('viewer', 1)).status, 403);
      const responder = await approve('responder', 1);
      assert.equal(responder.status, 403);
      assert.match(responder.body.error.message, /needs the approver role in "test"; you are responder/);
      const marketing = await approve('marketing', 1);
      assert.equal(marketing.status, 403);
      assert.equal(
        marketing.body.error.message,
        'This statement needs the approval of legal, spokesperson; you hold marketing in the team.',
      );
      const notHis = await approve('legal', 1, { role: 'spokesperson' });
      assert.equal(notHis.status, 403);
      assert.match(
        notHis.body.error.message,
        /Approving as "spokesperson" needs that crisis role in the team; you hold legal/,
      );
      const stale = await approve('legal', 7);
      assert.equal(stale.status, 409);
    });

    it('refuses publication naming the missing approvers and variables, until both are there', {
      skip,
    }, async () => {
      const first = await publish('legal', 1);
      assert.equal(first.status, 409);
      assert.deepEqual(first.body.error.details, {
        missingApprovals: ['legal', 'spokesperson'],
        missingVariables: ['incident_summary'],
      });
      assert.match(
        first.body.error.message,
        /approval by legal, spokesperson is missing; the variables incident_summary have no value/,
      );
      assert.equal((await publish('responder', 1)).status, 403);

      // Approvals on version 1, then the variable is filled in: a new version, so the approvals are gone.
      assert.equal((await approve('legal', 1, { comment: 'ok from legal' })).status, 200);
      assert.equal((await approve('legal', 1)).status, 409, 'no double approval');
      await t.api('PATCH', `/api/v1/crises/${crisis.id}`, {
        token: tokens.responder,
        body: {
          variables: {
            incident_summary: `an attacker copied e-mail addresses ${hostile}`,
            // The Hebrew text gets its own summary, not the English one pasted in.
            'incident_summary:he': 'תוקף העתיק כתובות דוא״ל של לקוחות',
          },
        },
      });
      const filled = await t.api('POST', `/api/v1/statements/${statementId}/fill`, {
        token: tokens.responder,
        body: { baseVersion: 1 },
      });
      assert.equal(filled.status, 200, JSON.stringify(filled.body));
      assert.equal(filled.body.currentVersion, 2);
      assert.deepEqual(filled.body.missingVariables, []);
      const bodyOf = (lang: string) =>
        filled.body.variants.find((v: any) => v.channel === 'site' && v.lang === lang).body as string;
      assert.ok(bodyOf('he').startsWith('גילינו כי תוקף העתיק כתובות דוא״ל של לקוחות.'));
      assert.ok(bodyOf('en').startsWith(`We found that an attacker copied e-mail addresses ${hostile}.`));
      assert.deepEqual(filled.body.missingApprovals, ['legal', 'spokesperson']);
      const second = await publish('spokes', 2);
      assert.deepEqual(second.body.error.details, {
        missingApprovals: ['legal', 'spokesperson'],
        missingVariables: [],
      });

      clock.advance(5 * min);
      assert.equal((await approve('legal', 2)).status, 200);
      const third = await publish('spokes', 2);
      assert.deepEqual(third.body.error.details.missingApprovals, ['spokesperson']);
      const spokes = await approve('spokes', 2);
      assert.equal(spokes.body.state, 'approved');
    });

    it('an edit after approval resets it: publication refused until re-approved', { skip }, async () => {
      const stale = await t.api('POST', `/api/v1/statements/${statementId}/edit`, {
        token: tokens.responder,
        body: { baseVersion: 1, variants: [{ channel: 'x', lang: 'he', body: 'x' }] },
      });
      assert.equal(stale.status, 409, 'editing an old version is refused');
      const edit = await t.api('POST', `/api/v1/statements/${statementId}/edit`, {
        token: tokens.responder,
        body: {
          baseVersion: 2,
          variants: [
            {
              channel: 'site',
              lang: 'he',
              title: `הודעה רשמית ${hostile}`,
              body: `גילינו כי תוקף העתיק כתובות דוא״ל ${hostile}.\n\nאנו מתנצלים ולוקחים אחריות.`,
            },
          ],
          note: 'stronger apology',
        },
      });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      assert.equal(edit.body.currentVersion, 3);
      assert.equal(edit.body.state, 'draft');
      const refused = await publish('spokes', 3);
      assert.equal(refused.status, 409);
      assert.deepEqual(refused.body.error.details.missingApprovals, ['legal', 'spokesperson']);
      assert.equal((await publish('spokes', 2)).status, 409, 'the approved old version is not current');

      const diff = await t.api('GET', `/api/v1/statements/${statementId}/diff?from=2&to=3`, {
        token: tokens.viewer,
      });
      const he = diff.body.variants.find((d: any) => d.channel === 'site' && d.lang === 'he');
      assert.equal(he.change, 'changed');
      assert.ok(he.parts.some((p: any) => p.added && p.value.includes('ולוקחים')));
      assert.equal(
        diff.body.variants.find((d: any) => d.channel === 'site' && d.lang === 'en').change,
        'same',
      );

      await approve('legal', 3);
      await approve('spokes', 3);
      clock.advance(5 * min);
      const published = await publish('spokes', 3);
      assert.equal(published.status, 200, JSON.stringify(published.body));
      assert.equal(published.body.state, 'published');
      assert.equal(published.body.publishedVersion, 3);
    });

    it('serves the public page over HTTP: Hebrew right-to-left, hostile text escaped, strict CSP', {
      skip,
    }, async () => {
      const res = await fetch(`${t.url}/s/${crisis.slug}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html/);
      const csp = res.headers.get('content-security-policy')!;
      assert.match(csp, /default-src 'none'/);
      assert.ok(!/script-src/.test(csp));
      const page = await res.text();
      assert.ok(page.includes('<section class="lang" id="lang-he" lang="he" dir="rtl">'));
      assert.ok(page.includes('<section class="lang" id="lang-en" lang="en" dir="ltr">'));
      assert.ok(page.includes('Noto Sans CJK SC'));
      assert.ok(
        page.includes(
          'הודעה רשמית &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
        ),
      );
      assert.ok(!page.includes('<script'));
      assert.ok(!page.includes('<img'));
      assert.ok(!page.includes('Phone reps'), 'the internal note never goes public');
      assert.ok(!page.includes('Leak'), 'the internal crisis title is not on the page');
      assert.ok(page.includes('פורסם 2026-11-25 07:10 UTC'));
      assert.equal((await fetch(`${t.url}/s/no-such-slug`)).status, 404);
    });

    it('current() is the official wording and its link; an update is published as a dated update', {
      skip,
    }, async () => {
      const current = await t.api('GET', `/api/v1/crises/${crisis.id}/statements/current?lang=he`, {
        token: tokens.viewer,
      });
      assert.equal(current.status, 200);
      assert.equal(current.body.version, 3);
      assert.equal(current.body.lang, 'he');
      assert.equal(current.body.channel, 'site');
      assert.equal(current.body.url, crisis.publicUrl);
      const viaX = await t.ctx.statements.current(t.workspaceId, crisis.id, 'he', 'x');
      assert.equal(viaX?.channel, 'x');
      const fallback = await t.ctx.statements.current(t.workspaceId, crisis.id, 'zh');
      assert.equal(fallback?.lang, 'en', 'falls back to the first language');

      clock.advance(60 * min);
      const edit = await t.api('POST', `/api/v1/statements/${statementId}/edit`, {
        token: tokens.responder,
        body: {
          baseVersion: 3,
          variants: [{ channel: 'site', lang: 'he', title: 'עדכון', body: 'הפרצה נסגרה. לא נחשפו סיסמאות.' }],
        },
      });
      assert.equal(edit.body.state, 'draft');
      assert.equal(edit.body.publishedVersion, 3, 'the published wording stays until the update is approved');
      const still = await t.ctx.statements.current(t.workspaceId, crisis.id, 'he');
      assert.equal(still?.version, 3);
      await approve('legal', 4);
      await approve('spokes', 4);
      assert.equal((await publish('spokes', 4)).status, 200);
      const page = await (await fetch(`${t.url}/s/${crisis.slug}`)).text();
      const update = page.indexOf('הפרצה נסגרה');
      const original = page.indexOf('ולוקחים אחריות');
      assert.ok(update > 0 && original > update, 'newest first: the update, then the statement');
      assert.ok(page.includes('<span class="label">עדכון</span>'));
      assert.ok(page.includes('פורסם 2026-11-25 08:10 UTC'));
      assert.equal((await t.ctx.statements.current(t.workspaceId, crisis.id, 'he'))?.version, 4);
    });

    it('puts every statement event on the timeline and the approvals in the export', { skip }, async () => {
      const events = await t.api(
        'GET',
        `/api/v1/crises/${crisis.id}/timeline?kind=statement.drafted,statement.edited,statement.approved,statement.published`,
        {
          token: tokens.viewer,
        },
      );
      const kinds = events.body.map((e: any) => e.kind);
      assert.equal(kinds.filter((k: string) => k === 'statement.published').length, 2);
      assert.ok(events.body.some((e: any) => /approvals by legal reset/.test(e.summary)));
      const record = (await t.api('GET', `/api/v1/crises/${crisis.id}/export`, { token: tokens.viewer }))
        .body;
      const approvals = record.decisions.filter((d: any) => d.kind === 'approval').map((d: any) => d.what);
      assert.deepEqual(approvals, [
        'approved "About the אקמה Air data incident" version 1 as legal (ok from legal)',
        'approved "About the אקמה Air data incident" version 2 as legal',
        'approved "About the אקמה Air data incident" version 2 as spokesperson',
        'approved "About the אקמה Air data incident" version 3 as legal',
        'approved "About the אקמה Air data incident" version 3 as spokesperson',
        'approved "About the אקמה Air data incident" version 4 as legal',
        'approved "About the אקמה Air data incident" version 4 as spokesperson',
      ]);
      assert.equal(record.decisions.filter((d: any) => d.kind === 'publication').length, 2);
      const audit = await t.api('GET', '/api/v1/audit?subjectType=statement');
      assert.deepEqual([...new Set(audit.body.map((a: any) => a.action))].sort(), [
        'statement.approve',
        'statement.draft',
        'statement.edit',
        'statement.publish',
      ]);
      const md = (
        await t.api('GET', `/api/v1/crises/${crisis.id}/export?format=md`, { token: tokens.viewer })
      ).body;
      assert.ok(!/(^|[^\\])<(script|img)/m.test(md));
    });
  });
}
