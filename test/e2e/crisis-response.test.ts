/**
 * Issue 6 acceptance, end to end through the HTTP API (on SQLite and PostgreSQL): the default playbook
 * library and a crisis team with real logins; negative Hebrew, Russian and English complaints arrive by
 * webhook and wait in the response inbox; an alert (raised the way the detect consumer raises it) is
 * escalated and opens a crisis; the data-breach playbook becomes tasks with owners and deadlines and its
 * people are mailed (a local SMTP server); the holding statement is drafted from the Hebrew template,
 * approved by legal and the spokesperson (two different signed-in people holding those crisis roles); an
 * edit after approval is refused for
 * publication until approved again; it is published and served on the public page over HTTP, right to
 * left; the inbox's canned replies link to it, a reply is recorded and the coverage counts it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Signal } from '../../src/domain/entities.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/app.ts';
import { mimeParts, type SmtpReceiver, startSmtpReceiver } from '../support/receivers.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const min = 60_000;
const start = Date.UTC(2026, 10, 25, 9, 0);
const publicUrl = 'https://status.acme.example';
const hostile = '<script>alert("he")</script>';

/** A webhook record (docs/RECORD_FORMAT.md). */
const post = (id: string, text: string, lang: string, followers: number, minutesAgo: number) => ({
  source: 'x',
  id,
  text,
  lang,
  createdAt: new Date(start - minutesAgo * min).toISOString(),
  author: { handle: `user_${id}`, followers },
});

const complaints = [
  post('he-1', `אקמה אייר דלפו לי את פרטי האשראי, שירות מחפיר ואף אחד לא עונה ${hostile}`, 'he', 40_000, 6),
  post('he-2', 'קיבלתי מייל מוזר אחרי הדליפה של אקמה אייר, מפחיד ומאכזב', 'he', 900, 4),
  post('ru-1', 'Акме Эйр слили мои данные, ужасно, никто не отвечает', 'ru', 2_500, 3),
  post('en-1', 'Acme Air leaked my card details, terrible and nobody answers', 'en', 300, 2),
];

/** The crisis team: a person per role, each linked to a login with the workspace role it needs. */
const people = [
  {
    key: 'dana',
    name: 'Dana Levi',
    email: 'dana@acme.example',
    role: 'responder',
    crisisRole: 'crisis_lead',
  },
  { key: 'lior', name: 'Lior Cohen', email: 'lior@acme.example', role: 'approver', crisisRole: 'legal' },
  {
    key: 'maya',
    name: 'Maya Katz',
    email: 'maya@acme.example',
    role: 'approver',
    crisisRole: 'spokesperson',
  },
  {
    key: 'avi',
    name: 'Avi Ben-David',
    email: 'avi@acme.example',
    role: 'approver',
    crisisRole: 'it_security',
  },
  {
    key: 'noa',
    name: 'Noa Shapiro',
    email: 'noa@acme.example',
    role: 'responder',
    crisisRole: 'social_media',
  },
  {
    key: 'eli',
    name: 'Eli Mor',
    email: 'eli@acme.example',
    role: 'responder',
    crisisRole: 'customer_service',
  },
  {
    key: 'ruth',
    name: 'Ruth Adler',
    email: 'ruth@acme.example',
    role: 'viewer',
    crisisRole: 'executive_sponsor',
  },
] as const;
type Who = (typeof people)[number]['key'];

for (const database of (process.env.DBS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>) {
  describe(`issue 6 acceptance: from an alert to answered mentions (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    let clock: ManualClock;
    let smtp: SmtpReceiver;
    let brandId: string;
    let crisis: any;
    let statementId: string;
    const cookies = {} as Record<Who, string>;
    const userIds = {} as Record<Who, string>;

    /** A call as a signed-in person (session cookie from POST /api/v1/auth/login). */
    const as = (who: Who, method: string, path: string, body?: unknown) =>
      t.api(method, path, { token: null, headers: { cookie: cookies[who] }, body });
    const ok = <T extends { status: number; body: any }>(res: T, status = 200): T => {
      assert.equal(res.status, status, JSON.stringify(res.body));
      return res;
    };

    before(async () => {
      if (skip) return;
      smtp = await startSmtpReceiver();
      clock = new ManualClock(start);
      t = await startTestApp({ database, clock, config: { smtpUrl: smtp.url, publicUrl } });
      for (const p of people) {
        const member = ok(
          await t.api('POST', '/api/v1/members', {
            body: { email: p.email, name: p.name, password: ADMIN_PASSWORD, role: p.role },
          }),
          201,
        );
        userIds[p.key] = member.body.userId;
        const login = ok(
          await t.api('POST', '/api/v1/auth/login', {
            token: null,
            body: { email: p.email, password: ADMIN_PASSWORD },
          }),
        );
        cookies[p.key] = login.headers.get('set-cookie')!.split(';')[0]!;
      }
    });

    after(async () => {
      if (skip) return;
      await t.close();
      await smtp.close();
    });

    it('starts with the default playbook library; the team is set up through the API', { skip }, async () => {
      const library = ok(await as('ruth', 'GET', '/api/v1/playbooks')).body as Array<{ key: string }>;
      assert.ok(
        library.some((p) => p.key === 'data-breach'),
        'the default data-breach playbook is installed',
      );
      for (const p of people) {
        const person = ok(
          await t.api('POST', '/api/v1/team/people', {
            body: { name: p.name, email: p.email, userId: userIds[p.key] },
          }),
          201,
        );
        ok(
          await t.api('PUT', `/api/v1/team/roles/${p.crisisRole}/holders`, {
            body: { primary: [person.body.id] },
          }),
        );
      }
      // Workspace roles and crisis roles are different things: a viewer may not edit the team.
      assert.equal((await as('ruth', 'POST', '/api/v1/team/people', { name: 'Intruder' })).status, 403);
      const legal = ok(await as('ruth', 'GET', '/api/v1/team/roles/legal/people')).body;
      assert.deepEqual(
        legal.map((p: any) => [p.name, p.userId]),
        [['Lior Cohen', userIds.lior]],
      );
    });

    it('takes negative complaints into the response inbox, most urgent first', { skip }, async () => {
      brandId = ok(
        await t.api('POST', '/api/v1/brands', {
          body: { name: 'Acme Air', aliases: ['@acmeair', 'אקמה אייר', 'Акме Эйр'] },
        }),
        201,
      ).body.id;
      ok(
        await t.api('POST', '/api/v1/topics', {
          body: {
            name: 'Acme Air',
            kind: 'brand',
            brandId,
            query: '"acme air" OR "אקמה אייר" OR "Акме~ Эйр"',
          },
        }),
        201,
      );
      const hook = ok(
        await t.api('POST', '/api/v1/ingest/sources', { body: { name: 'Webhook', defaultSource: 'x' } }),
        201,
      ).body.token;
      ok(await t.api('POST', '/api/v1/ingest', { token: hook, body: complaints }));
      await t.ctx.bus.drain();

      const inbox = ok(await as('noa', 'GET', '/api/v1/inbox')).body;
      assert.deepEqual(
        inbox.items.map((i: any) => i.mention.externalId),
        ['he-1', 'ru-1', 'he-2', 'en-1'],
        'reach × negativity × recency',
      );
      assert.ok(inbox.items.every((i: any) => i.status === 'new' && i.origin === 'negative'));
      assert.ok(inbox.items[0].mention.text.endsWith(hostile), 'mention text is returned verbatim, as data');
    });

    it('an alert opens a crisis: the data-breach playbook becomes tasks and mails its people', {
      skip,
    }, async () => {
      clock.advance(min);
      // Raised the way the detect consumer raises it: signals into the alerts module.
      const signal: Signal = {
        id: 'sig_e2e_breach',
        workspaceId: t.workspaceId,
        brandId,
        topicId: null,
        type: 'negative_surge',
        windowStart: start - 10 * min,
        windowEnd: clock.now(),
        score: 0.99,
        evidence: {
          severity: 4,
          problem: 'data_breach',
          crisisType: 'external_force',
          topMentions: complaints.map((c) => ({
            source: c.source,
            id: c.id,
            text: c.text,
            author: c.author.handle,
            reach: c.author.followers,
          })),
        },
        createdAt: clock.now(),
      };
      const [alert] = await t.ctx.alerts.alerts.accept([signal]);
      assert.ok(alert, 'the signal raised an alert');
      assert.equal(ok(await as('ruth', 'GET', `/api/v1/alerts/${alert.id}`)).body.severity, 4);
      assert.equal((await as('ruth', 'POST', `/api/v1/alerts/${alert.id}/escalate`, {})).status, 403);
      const escalated = ok(await as('dana', 'POST', `/api/v1/alerts/${alert.id}/escalate`, {})).body;
      assert.equal(escalated.status, 'escalated');
      assert.ok(escalated.crisisId, 'escalating the alert opened a crisis');

      crisis = ok(await as('ruth', 'GET', `/api/v1/crises/${escalated.crisisId}`)).body;
      assert.equal(crisis.origin, 'alert');
      assert.equal(crisis.type, 'external_force');
      assert.equal(crisis.category, 'data_breach');
      assert.equal(crisis.brandId, brandId);
      assert.equal(crisis.playbook.key, 'data-breach');
      assert.match(crisis.publicUrl, new RegExp(`^${publicUrl}/s/[a-z0-9-]+$`));
      const roles = Object.fromEntries(crisis.assignments.map((a: any) => [a.role, a.personId]));
      assert.ok(roles.crisis_lead && roles.legal && roles.spokesperson && roles.it_security);

      const tasks = ok(await as('ruth', 'GET', `/api/v1/crises/${crisis.id}/tasks`)).body;
      const byStep = Object.fromEntries(tasks.map((x: any) => [x.stepId, x]));
      assert.ok(tasks.length >= 10, `the playbook's steps became tasks (${tasks.length})`);
      assert.deepEqual(
        ['assemble_team', 'contain', 'draft_holding', 'approve_holding', 'publish_holding'].map((s) => [
          s,
          byStep[s]?.ownerRole,
          (byStep[s]?.dueAt - crisis.openedAt) / min,
        ]),
        [
          ['assemble_team', 'crisis_lead', 0],
          ['contain', 'it_security', 15],
          ['draft_holding', 'spokesperson', 20],
          ['approve_holding', 'legal', 45],
          ['publish_holding', 'social_media', 60],
        ],
      );
      assert.equal(byStep.draft_holding.assignee?.name, 'Maya Katz');

      // Team notifications go out after the commit; wait for them, then read what the SMTP server got.
      await t.ctx.crises.drain();
      const mailedTo = [...new Set(smtp.mails.flatMap((m) => m.to))].sort();
      for (const p of ['dana', 'lior', 'maya', 'avi', 'noa', 'eli', 'ruth']) {
        assert.ok(mailedTo.includes(`${p}@acme.example`), `${p} was mailed (${mailedTo.join(', ')})`);
      }
      const toMaya = smtp.mails.find((m) => m.to.includes('maya@acme.example'))!;
      assert.match(mimeParts(toMaya.raw).subject!, /spokesperson/);
      const sent = ok(
        await as('ruth', 'GET', `/api/v1/crises/${crisis.id}/timeline?kind=notification.sent`),
      ).body;
      assert.ok(sent.length >= 7, 'each notification is on the timeline');
    });

    it('mentions linked to the crisis join it in the inbox; canned replies wait for a statement', {
      skip,
    }, async () => {
      const queue = ok(await as('noa', 'GET', `/api/v1/inbox?crisisId=${crisis.id}`)).body;
      assert.deepEqual(
        queue.items.map((i: any) => i.mention.externalId).sort(),
        ['en-1', 'he-1', 'he-2', 'ru-1'],
        "the alert's evidence mentions are the crisis's inbox",
      );
      const he1 = queue.items.find((i: any) => i.mention.externalId === 'he-1');
      const early = ok(await as('noa', 'GET', `/api/v1/inbox/${he1.id}/canned-replies`)).body;
      assert.equal(early.ready, false);
      assert.match(early.reason, /No statement is published/);
    });

    it('drafts the holding statement from the Hebrew template', { skip }, async () => {
      ok(
        await as('dana', 'PATCH', `/api/v1/crises/${crisis.id}`, {
          variables: {
            incident_summary: 'תוקף העתיק כתובות דוא״ל ומספרי טלפון של לקוחות',
            contact_email: 'privacy@acme.example',
          },
        }),
      );
      assert.equal(
        (await as('ruth', 'POST', `/api/v1/crises/${crisis.id}/statements`, { kind: 'holding' })).status,
        403,
        'viewers do not draft',
      );
      const draft = ok(
        await as('maya', 'POST', `/api/v1/crises/${crisis.id}/statements`, {
          kind: 'holding',
          langs: ['he'],
          channels: ['site', 'x'],
        }),
        201,
      ).body;
      statementId = draft.id;
      assert.equal(draft.state, 'draft');
      assert.deepEqual([...draft.requiredApprovals].sort(), ['legal', 'spokesperson']);
      assert.deepEqual(draft.missingVariables, []);
      assert.ok(draft.variants.every((v: any) => v.lang === 'he'));

      // Each variant is the playbook's Hebrew template (as the API serves it) with the variables filled.
      const playbook = ok(await as('ruth', 'GET', `/api/v1/playbooks/${crisis.playbook.key}`)).body;
      const holding = playbook.spec.statements.find((st: any) => st.kind === 'holding');
      // The brand is named by its Hebrew alias in the Hebrew texts.
      const fill = (template: string) =>
        template
          .replaceAll('{{brand}}', 'אקמה אייר')
          .replaceAll('{{incident_summary}}', 'תוקף העתיק כתובות דוא״ל ומספרי טלפון של לקוחות')
          .replaceAll('{{contact_email}}', 'privacy@acme.example')
          .replaceAll('{{statement_url}}', crisis.publicUrl);
      for (const channel of ['site', 'x']) {
        const template = holding.templates.find((tp: any) => tp.channel === channel && tp.lang === 'he');
        const variant = draft.variants.find((v: any) => v.channel === channel && v.lang === 'he');
        assert.ok(template && variant, `a Hebrew ${channel} template and variant`);
        // {{date}} is the only value not set here: every other part of the template is there verbatim.
        for (const part of fill(template.body.trim()).split('{{date}}')) {
          assert.ok(variant.body.includes(part.trim()), `${channel}: "${part.trim().slice(0, 40)}…" drafted`);
        }
        if (template.title) assert.equal(variant.title, fill(template.title));
        assert.ok(!variant.body.includes('{{'), 'no placeholder left');
      }
      const site = draft.variants.find((v: any) => v.channel === 'site');
      assert.ok(site.body.includes('תוקף העתיק כתובות דוא״ל ומספרי טלפון של לקוחות'));
      const x = draft.variants.find((v: any) => v.channel === 'x');
      assert.ok(x.body.includes(crisis.publicUrl), 'the link to the public page is filled in');
    });

    it('approval by legal and the spokesperson (different logins); an edit after approval is refused for publication until re-approved', {
      skip,
    }, async () => {
      const approve = (who: Who, version: number) =>
        as(who, 'POST', `/api/v1/statements/${statementId}/approve`, { version });
      const publish = (who: Who, version: number) =>
        as(who, 'POST', `/api/v1/statements/${statementId}/publish`, { version });

      assert.equal((await approve('noa', 1)).status, 403, 'a responder does not approve');
      ok(await approve('lior', 1));
      const half = await publish('maya', 1);
      assert.equal(half.status, 409);
      assert.deepEqual(half.body.error.details.missingApprovals, ['spokesperson']);
      assert.equal(
        (await approve('avi', 1)).status,
        403,
        'IT/security is not an approver of the holding statement',
      );
      ok(await approve('maya', 1));
      const approved = ok(await as('ruth', 'GET', `/api/v1/statements/${statementId}`)).body;
      assert.equal(approved.state, 'approved');
      const approvers = approved.approvals.filter((a: any) => a.version === 1).map((a: any) => a.role);
      assert.deepEqual([...approvers].sort(), ['legal', 'spokesperson']);

      // An edit after approval: a new version whose approvals start empty.
      clock.advance(5 * min);
      const edited = ok(
        await as('maya', 'POST', `/api/v1/statements/${statementId}/edit`, {
          baseVersion: 1,
          variants: [
            {
              channel: 'x',
              lang: 'he',
              body: `אנחנו מצטערים: תוקף העתיק פרטי לקוחות. לעולם לא נבקש סיסמה או קוד. עדכונים: ${crisis.publicUrl}`,
            },
          ],
          note: 'shorter post for X',
        }),
      ).body;
      assert.equal(edited.currentVersion, 2);
      assert.equal(edited.state, 'draft');
      const refused = await publish('maya', 2);
      assert.equal(refused.status, 409, 'the edited version is not approved');
      assert.deepEqual(refused.body.error.details.missingApprovals, ['legal', 'spokesperson']);
      assert.equal(
        (await publish('maya', 1)).status,
        409,
        'the approved version is no longer the current one',
      );
      assert.equal((await t.api('GET', new URL(crisis.publicUrl).pathname, { token: null })).status, 404);

      ok(await approve('lior', 2));
      assert.equal((await publish('maya', 2)).status, 409, 'still missing the spokesperson');
      ok(await approve('maya', 2));
      clock.advance(5 * min);
      const published = ok(await publish('maya', 2)).body;
      assert.equal(published.state, 'published');
      assert.equal(published.publishedVersion, 2);
    });

    it('serves the published statement on the public page over HTTP, right to left', { skip }, async () => {
      const res = await fetch(`${t.url}${new URL(crisis.publicUrl).pathname}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/html/);
      const page = await res.text();
      assert.match(page, /<section class="lang" id="lang-he" lang="he" dir="rtl">/);
      const statement = ok(await as('ruth', 'GET', `/api/v1/statements/${statementId}`)).body;
      const site = (statement.variants ?? statement.current?.variants ?? []).find(
        (v: any) => v.channel === 'site' && v.lang === 'he',
      );
      assert.ok(site?.title, JSON.stringify(Object.keys(statement)));
      assert.ok(page.includes(site.title), 'the approved Hebrew title is on the page');
      assert.ok(page.includes('תוקף העתיק כתובות דוא״ל ומספרי טלפון של לקוחות'));
      assert.ok(!page.includes('<script'), 'no script on the public page');
      assert.ok(!page.includes(crisis.title), 'the internal crisis title stays internal');
    });

    it('canned replies in the inbox link the statement, in the mention language; replies are recorded and counted', {
      skip,
    }, async () => {
      const queue = ok(await as('noa', 'GET', `/api/v1/inbox?crisisId=${crisis.id}`)).body;
      const item = (id: string) => queue.items.find((i: any) => i.mention.externalId === id);

      const he = ok(await as('noa', 'GET', `/api/v1/inbox/${item('he-1').id}/canned-replies`)).body;
      assert.equal(he.ready, true, JSON.stringify(he));
      assert.deepEqual(he.statement, { id: statementId, version: 2, url: crisis.publicUrl, lang: 'he' });
      assert.equal(he.replies.length, 1);
      assert.equal(he.replies[0].lang, 'he');
      assert.ok(he.replies[0].text.includes(crisis.publicUrl), 'the reply links the public statement');
      assert.ok(he.replies[0].text.includes('privacy@acme.example'));
      assert.ok(!he.replies[0].text.includes('{{'));

      const ru = ok(await as('noa', 'GET', `/api/v1/inbox/${item('ru-1').id}/canned-replies`)).body;
      assert.equal(ru.replies[0].lang, 'ru');
      assert.ok(ru.replies[0].text.startsWith('Приносим извинения'));
      assert.ok(ru.replies[0].text.includes(crisis.publicUrl));

      // Viewers read the queue but do not answer; a responder records the reply given on the platform.
      const viewerReply = await as('ruth', 'POST', `/api/v1/inbox/${item('he-1').id}/reply`, {
        text: he.replies[0].text,
      });
      assert.equal(viewerReply.status, 403);
      clock.advance(3 * min);
      const replied = ok(
        await as('noa', 'POST', `/api/v1/inbox/${item('he-1').id}/reply`, {
          text: he.replies[0].text,
          channel: 'public_reply',
        }),
      ).body;
      assert.equal(replied.status, 'replied');
      const detail = ok(await as('ruth', 'GET', `/api/v1/inbox/${item('he-1').id}`)).body;
      assert.deepEqual(detail.replies[0].statement, { id: statementId, version: 2 });
      assert.match(detail.replies[0].by, /noa@acme\.example/);
      ok(
        await as('eli', 'POST', `/api/v1/inbox/${item('en-1').id}/close`, {
          reason: 'answered_elsewhere',
          note: 'called the customer back',
        }),
      );

      const timeline = ok(await as('ruth', 'GET', `/api/v1/crises/${crisis.id}/timeline`)).body;
      const kinds = timeline.map((e: any) => e.kind);
      for (const kind of [
        'crisis.opened',
        'task.created',
        'notification.sent',
        'statement.drafted',
        'statement.approved',
        'statement.edited',
        'statement.published',
        'reply.sent',
        'inbox.closed',
      ]) {
        assert.ok(kinds.includes(kind), `the timeline has ${kind}`);
      }

      const coverage = ok(await as('ruth', 'GET', `/api/v1/inbox/coverage?crisisId=${crisis.id}`)).body;
      assert.equal(coverage.total, 4);
      assert.equal(coverage.replied, 1);
      assert.equal(coverage.closedWithReason, 1);
      assert.equal(coverage.answeredShare, 0.25);
      assert.equal(coverage.handledShare, 0.5);
      // he-1 was posted 6 minutes before the start; the reply came 1 + 5 + 5 + 3 minutes after it.
      assert.equal(coverage.medianTimeToFirstReplyMs, (6 + 14) * min);
    });
  });
}
