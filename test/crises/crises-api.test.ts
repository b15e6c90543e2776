/**
 * Crises through the HTTP API on SQLite and PostgreSQL: opening by hand instantiates the playbook (tasks
 * with owners and due times) and mails the people holding the notified roles (a local SMTP server, hostile
 * title escaped); the status machine refuses illegal moves; tasks are assigned, started and done; alerts,
 * stories and mentions are linked; an escalated alert opens a crisis through the alerts hook; every step
 * is on the timeline and in the audit log; the export carries it all (Markdown escapes mention text).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Signal } from '../../src/domain/entities.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makeMention } from '../support/mentions.ts';
import { mimeParts, type SmtpReceiver, startSmtpReceiver } from '../support/receivers.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';
import { dataBreach, installTeamAndPlaybooks, person, testCatalog, testTeam } from './fixtures.ts';

const min = 60_000;
const start = Date.UTC(2026, 10, 25, 7, 0);
const hostileTitle = 'Customer DB leaked <script>alert(1)</script> & "more"';

for (const database of (process.env.DBS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>) {
  describe(`crises through the API (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    let clock: ManualClock;
    let smtp: SmtpReceiver;
    let viewer: string;
    let responder: string;
    let crisisId: string;
    const team = testTeam([
      person('p_dana', 'Dana Levi', ['crisis_lead'], { email: 'dana@acme.example' }),
      person('p_lior', 'Lior Cohen', ['legal'], { email: 'lior@acme.example' }),
      person('p_yossi', 'Yossi (deputy legal)', ['legal'], { email: 'yossi@acme.example', available: false }),
      person('p_maya', 'Maya Katz', ['spokesperson'], { email: 'maya@acme.example' }),
      person('p_avi', 'Avi Ben-David', ['it_security']),
      person('p_noa', 'Noa (IT deputy)', ['it_security']),
    ]);

    before(async () => {
      if (skip) return;
      smtp = await startSmtpReceiver();
      clock = new ManualClock(start);
      t = await startTestApp({
        database,
        clock,
        config: { smtpUrl: smtp.url, publicUrl: 'https://status.acme.example' },
      });
      installTeamAndPlaybooks(t.ctx, team, testCatalog([dataBreach]));
      viewer = await t.tokenFor('viewer');
      responder = await t.tokenFor('responder');
    });

    after(async () => {
      if (skip) return;
      await t.close();
      await smtp.close();
    });

    it('opens a crisis by hand: the playbook becomes tasks with owners and due times', { skip }, async () => {
      const refused = await t.api('POST', '/api/v1/crises', { token: viewer, body: { title: 'x' } });
      assert.equal(refused.status, 403);
      const res = await t.api('POST', '/api/v1/crises', {
        token: responder,
        body: {
          title: hostileTitle,
          type: 'external_force',
          severity: 4,
          variables: { incident_summary: 'an attacker copied part of our customer list' },
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const c = res.body;
      crisisId = c.id;
      assert.equal(c.status, 'detected');
      assert.equal(c.origin, 'manual');
      assert.deepEqual(c.playbook, { key: 'data-breach', version: 3 });
      assert.deepEqual(c.nextStatuses, ['triage', 'responding', 'resolved']);
      assert.equal(c.commanderId, 'p_dana');
      assert.match(
        c.publicUrl,
        /^https:\/\/status\.acme\.example\/s\/customer-db-leaked-script-alert-1-script-[a-z0-9]{8}$/,
      );
      const roles = Object.fromEntries(c.assignments.map((a: any) => [a.role, a.personId]));
      assert.deepEqual(roles, {
        crisis_lead: 'p_dana',
        it_security: 'p_avi',
        spokesperson: 'p_maya',
        legal: 'p_lior',
      });

      const tasks = await t.api('GET', `/api/v1/crises/${crisisId}/tasks`, { token: viewer });
      assert.equal(tasks.status, 200);
      assert.deepEqual(
        tasks.body.map((x: any) => [
          x.stepId,
          x.kind,
          x.ownerRole,
          x.assignee?.personId ?? null,
          x.dueAt - start,
        ]),
        [
          ['alert-team', 'notify_people', 'crisis_lead', 'p_dana', 0],
          ['contain', 'task', 'it_security', 'p_avi', 10 * min],
          ['holding', 'draft_statement', 'spokesperson', 'p_maya', 15 * min],
          ['approve', 'approval', 'legal', 'p_lior', 30 * min],
          ['publish', 'publish', 'spokesperson', 'p_maya', 45 * min],
        ],
      );
    });

    it('mails the people holding the notified roles, with their tasks; the title is escaped', {
      skip,
    }, async () => {
      await t.ctx.crises.drain();
      const to = smtp.mails.flatMap((m) => m.to).sort();
      // The unavailable deputy is not woken; the available holders of each notified role are.
      assert.deepEqual(to, ['dana@acme.example', 'lior@acme.example', 'maya@acme.example']);
      const maya = smtp.mails.find((m) => m.to.includes('maya@acme.example'))!;
      const parts = mimeParts(maya.raw);
      assert.ok(parts.html!.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(!parts.html!.includes('<script>'));
      assert.match(parts.text!, /Draft the holding statement \(due 2026-11-25 07:15 UTC, T\+15 min\)/);
      assert.match(parts.subject!, /you are spokesperson/);

      const tasks = await t.api('GET', `/api/v1/crises/${crisisId}/tasks`, { token: viewer });
      assert.equal(tasks.body[0].status, 'done', 'the notify step is done once sent');
      const timeline = await t.api('GET', `/api/v1/crises/${crisisId}/timeline?kind=notification.sent`, {
        token: viewer,
      });
      assert.equal(timeline.body.length, 3);
      assert.ok(timeline.body.every((e: any) => e.summary.includes('by email')));
    });

    it('moves through the status machine and refuses illegal transitions with the allowed ones named', {
      skip,
    }, async () => {
      const status = (to: string, token = responder, note?: string) =>
        t.api('POST', `/api/v1/crises/${crisisId}/status`, { token, body: { status: to, note } });
      const skipAhead = await status('reviewed');
      assert.equal(skipAhead.status, 409);
      assert.equal(skipAhead.body.error.code, 'conflict');
      assert.equal(
        skipAhead.body.error.message,
        'A crisis cannot go from detected to reviewed: it can go to triage, responding, resolved.',
      );
      assert.equal((await status('triage', viewer)).status, 403);
      clock.advance(2 * min);
      assert.equal((await status('triage', responder, 'scope: EU customers')).status, 200);
      assert.equal((await status('responding')).status, 200);
      const back = await status('detected');
      assert.equal(back.status, 409);
      assert.match(back.body.error.message, /from responding to detected: it can go to monitoring, resolved/);
      const same = await status('responding');
      assert.equal(same.body.error.message, 'The crisis is already responding.');

      const events = await t.api('GET', `/api/v1/crises/${crisisId}/timeline?kind=crisis.status`, {
        token: viewer,
      });
      assert.deepEqual(
        events.body.map((e: any) => e.summary),
        ['Status detected → triage: scope: EU customers', 'Status triage → responding'],
      );
      assert.equal(events.body[0].actor, 'token:responder-token (responder2@example.com)');
      assert.equal(events.body[0].at, start + 2 * min);
    });

    it('tasks: assign, start, done with a note, each on the timeline; refusals are clear', {
      skip,
    }, async () => {
      const tasks = (await t.api('GET', `/api/v1/crises/${crisisId}/tasks`, { token: viewer })).body;
      const contain = tasks.find((x: any) => x.stepId === 'contain');
      const base = `/api/v1/crises/${crisisId}/tasks/${contain.id}`;
      const wrong = await t.api('POST', `${base}/assign`, {
        token: responder,
        body: { personId: 'p_yossi' },
      });
      assert.equal(wrong.status, 400, 'Yossi neither holds it_security nor is assigned to this crisis');
      assert.equal(
        (await t.api('POST', `${base}/assign`, { token: responder, body: { personId: 'p_noa' } })).body
          .assignee.name,
        'Noa (IT deputy)',
      );
      assert.equal((await t.api('POST', `${base}/start`, { token: viewer })).status, 403);
      const started = await t.api('POST', `${base}/start`, { token: responder });
      assert.equal(started.body.status, 'in_progress');
      assert.equal((await t.api('POST', `${base}/start`, { token: responder })).status, 409);
      clock.advance(20 * min); // past its T+10 deadline
      const done = await t.api('POST', `${base}/done`, {
        token: responder,
        body: { note: 'Leaked table: emails + hashed passwords' },
      });
      assert.equal(done.body.status, 'done');
      assert.equal(done.body.note, 'Leaked table: emails + hashed passwords');
      assert.equal((await t.api('POST', `${base}/done`, { token: responder, body: {} })).status, 409);
      const events = await t.api(
        'GET',
        `/api/v1/crises/${crisisId}/timeline?kind=task.assigned,task.started,task.done`,
        {
          token: viewer,
        },
      );
      assert.deepEqual(
        events.body.slice(-3).map((e: any) => e.summary),
        [
          'Task "Contain the breach and list what leaked" assigned to Noa (IT deputy)',
          'Task started: Contain the breach and list what leaked',
          'Task done (late): Contain the breach and list what leaked — Leaked table: emails + hashed passwords',
        ],
      );
      const audit = await t.api('GET', '/api/v1/audit?subjectType=crisis_task');
      assert.ok(audit.body.length >= 3);
    });

    it('assignments, variables, notes and links; linked mentions reach the inbox hook', {
      skip,
    }, async () => {
      const assigned = await t.api('PUT', `/api/v1/crises/${crisisId}/assignments/it_security`, {
        token: responder,
        body: { personId: 'p_noa' },
      });
      assert.equal(assigned.status, 200);
      assert.equal(assigned.body.assignments.find((a: any) => a.role === 'it_security').personId, 'p_noa');
      const notHolder = await t.api('PUT', `/api/v1/crises/${crisisId}/assignments/legal`, {
        token: responder,
        body: { personId: 'p_avi' },
      });
      assert.equal(notHolder.status, 400);

      const patched = await t.api('PATCH', `/api/v1/crises/${crisisId}`, {
        token: responder,
        body: { severity: 3, variables: { contact_email: 'privacy@acme.example' } },
      });
      assert.equal(patched.body.severity, 3);
      assert.equal(patched.body.variables.contact_email, 'privacy@acme.example');

      const note = await t.api('POST', `/api/v1/crises/${crisisId}/notes`, {
        token: responder,
        body: { text: 'Regulator informed by phone <b>09:40</b>' },
      });
      assert.equal(note.status, 201);

      const linkedToInbox: string[] = [];
      t.ctx.crises.onMentionsLinked = async (_trx, _ws, id, mentions) => {
        linkedToInbox.push(...mentions.map((m) => `${id}|${m.source}:${m.externalId}`));
      };
      await t.ctx.store.mentions.insertNew(
        [
          makeMention(1, {
            workspaceId: t.workspaceId,
            text: '# Hacked! [click](javascript:alert(1)) <img src=x onerror=alert(1)> *bold*',
          }),
          makeMention(2, { workspaceId: t.workspaceId, storyId: 'story-leak' }),
          makeMention(3, { workspaceId: t.workspaceId, storyId: 'story-leak' }),
        ],
        clock.now(),
      );
      const unknown = await t.api('POST', `/api/v1/crises/${crisisId}/links`, {
        token: responder,
        body: { mentions: [{ source: 'x', externalId: 'nope' }] },
      });
      assert.equal(unknown.status, 400);
      const links = await t.api('POST', `/api/v1/crises/${crisisId}/links`, {
        token: responder,
        body: { mentions: [{ source: 'x', externalId: 'post-1' }], stories: ['story-leak'] },
      });
      assert.deepEqual(links.body.linked, { alerts: 0, stories: 1, mentions: 3 });
      const again = await t.api('POST', `/api/v1/crises/${crisisId}/links`, {
        token: responder,
        body: { mentions: [{ source: 'x', externalId: 'post-2' }] },
      });
      assert.deepEqual(again.body.linked, { alerts: 0, stories: 0, mentions: 0 }, 'linking twice is a no-op');
      assert.deepEqual(linkedToInbox.sort(), [
        `${crisisId}|x:post-1`,
        `${crisisId}|x:post-2`,
        `${crisisId}|x:post-3`,
      ]);
      const got = await t.api('GET', `/api/v1/crises/${crisisId}/links`, { token: viewer });
      assert.equal(got.body.mentions.length, 3);
      assert.deepEqual(
        got.body.stories.map((s: any) => s.id),
        ['story-leak'],
      );
      t.ctx.crises.onMentionsLinked = undefined;
    });

    it('an escalated alert opens a crisis through the alerts hook, with the alert linked', {
      skip,
    }, async () => {
      const brand = await t.api('POST', '/api/v1/brands', { body: { name: 'Acme Air' } });
      const signal: Signal = {
        id: 'sig_breach_1',
        workspaceId: t.workspaceId,
        brandId: brand.body.id,
        topicId: null,
        type: 'volume_spike',
        windowStart: clock.now() - 5 * min,
        windowEnd: clock.now(),
        score: 0.99,
        evidence: {
          severity: 4,
          problem: 'data_breach',
          crisisType: 'external_force',
          topMentions: [{ source: 'x', id: 'post-1', text: 'hacked', author: 'a', reach: 10 }],
        },
        createdAt: clock.now(),
      };
      const [alert] = await t.ctx.alerts.alerts.accept([signal]);
      assert.ok(alert);
      const escalated = await t.api('POST', `/api/v1/alerts/${alert.id}/escalate`, {
        token: responder,
        body: {},
      });
      assert.equal(escalated.status, 200, JSON.stringify(escalated.body));
      const crisisOfAlert = escalated.body.crisisId;
      assert.ok(crisisOfAlert);
      const c = (await t.api('GET', `/api/v1/crises/${crisisOfAlert}`, { token: viewer })).body;
      assert.equal(c.origin, 'alert');
      assert.equal(c.brandId, brand.body.id);
      assert.equal(c.category, 'data_breach');
      assert.deepEqual(c.playbook, { key: 'data-breach', version: 3 });
      const links = (await t.api('GET', `/api/v1/crises/${crisisOfAlert}/links`, { token: viewer })).body;
      assert.deepEqual(
        links.alerts.map((a: any) => a.id),
        [alert.id],
      );
      assert.deepEqual(
        links.mentions.map((m: any) => m.externalId),
        ['post-1'],
        'evidence mentions linked',
      );
      await t.ctx.crises.drain();

      // The same through the crises API: the alert records the crisis that took it over.
      const [second] = await t.ctx.alerts.alerts.accept([
        { ...signal, id: 'sig_other', brandId: null, type: 'negative_surge' },
      ]);
      const opened = await t.api('POST', '/api/v1/crises', {
        token: responder,
        body: { alertId: second!.id, isDrill: true },
      });
      assert.equal(opened.status, 201);
      assert.equal(opened.body.isDrill, true);
      const a2 = await t.api('GET', `/api/v1/alerts/${second!.id}`, { token: viewer });
      assert.equal(a2.body.crisisId, opened.body.id);
      assert.equal(a2.body.status, 'escalated');
      await t.ctx.crises.drain();
    });

    it('lists crises and hides drills when asked', { skip }, async () => {
      const all = await t.api('GET', '/api/v1/crises', { token: viewer });
      assert.equal(all.body.length, 3);
      const real = await t.api('GET', '/api/v1/crises?drills=exclude&status=detected,responding', {
        token: viewer,
      });
      assert.equal(real.body.length, 2);
      const bad = await t.api('GET', '/api/v1/crises?status=burning', { token: viewer });
      assert.equal(bad.status, 400);
      const empty = await t.api('POST', '/api/v1/crises', { token: responder, body: {} });
      assert.equal(empty.status, 400);
      assert.equal(
        empty.body.error.message,
        'body: give a title, an alertId or mentions to open a crisis from',
      );
    });

    it('exports the record as JSON and Markdown; Markdown escapes mention text', { skip }, async () => {
      const json = await t.api('GET', `/api/v1/crises/${crisisId}/export?format=json`, { token: viewer });
      assert.equal(json.status, 200);
      assert.equal(json.body.format, 'firebreak.crisis-record/1');
      assert.equal(json.body.tasks.length, 5);
      assert.ok(json.body.timeline.some((e: any) => e.kind === 'note'));
      assert.deepEqual(
        json.body.decisions.map((d: any) => d.kind),
        ['status', 'status'],
      );
      assert.equal(json.body.mentions.length, 3);

      const md = await t.api('GET', `/api/v1/crises/${crisisId}/export?format=md`, { token: viewer });
      assert.equal(md.status, 200);
      assert.match(md.headers.get('content-type')!, /^text\/markdown/);
      const text = md.body as string;
      assert.ok(
        text.startsWith(
          '# Crisis record: Customer DB leaked \\<script\\>alert\\(1\\)\\</script\\> \\& "more"',
        ),
      );
      assert.ok(
        text.includes(
          '> \\# Hacked\\! \\[click\\]\\(javascript:alert\\(1\\)\\) \\<img src=x onerror=alert\\(1\\)\\> \\*bold\\*',
        ),
      );
      // No markup survives: every <, [, ], (, ) and * of user text is backslash-escaped (rendered as text).
      assert.doesNotMatch(text, /(^|[^\\])<(?!https:)/m);
      assert.ok(!text.includes('](javascript'));
      assert.match(text, /Regulator informed by phone \\<b\\>09:40\\<\/b\\>/);
      assert.ok(text.includes('| Contain the breach and list what leaked | Noa \\(IT deputy\\) | done |'));
    });
  });
}
