/**
 * Alerts end to end through the HTTP API, on SQLite and PostgreSQL: channels and routing rules are
 * configured over HTTP, signals arrive as the detectors send them, notifications reach real local
 * receivers (SMTP server, fake Slack/Teams/Telegram, a webhook consumer that checks the signature),
 * people act on the alert over HTTP and every write shows up in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Signal, SignalType } from '../../src/domain/entities.ts';
import { verifySignature } from '../../src/notify/webhook/signature.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  type HttpReceiver,
  mimeParts,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../support/receivers.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const min = 60_000;
// Wednesday 2026-11-25 07:00 UTC = 09:00 in Jerusalem.
const start = Date.UTC(2026, 10, 25, 7, 0);
const webhookSecret = 'whsec_e2e_0123456789abcdef';
const botToken = '987654321:AAHe2eTokenForTheFakeTelegramApi0';

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`alerts through the API (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    let clock: ManualClock;
    let hooks: HttpReceiver;
    let smtp: SmtpReceiver;
    let brandId: string;
    const channelIds: Record<string, string> = {};
    let seq = 0;

    const signal = (type: SignalType, severity: number, extra: Record<string, unknown> = {}): Signal => ({
      id: `sig_${++seq}`,
      workspaceId: t.workspaceId,
      brandId,
      topicId: null,
      type,
      windowStart: clock.now() - 5 * min,
      windowEnd: clock.now(),
      score: 0.97,
      evidence: {
        severity,
        topTerms: ['הרעלה', 'отравление', '食物中毒'],
        topStories: [
          { text: 'נוסעים חולים אחרי הארוחה בטיסה 412 <script>alert(1)</script>', author: '@traveller' },
        ],
        ...extra,
      },
      createdAt: clock.now(),
    });

    const received = () => ({
      slack: hooks.requests.filter((r) => r.path.startsWith('/slack')),
      teams: hooks.requests.filter((r) => r.path.startsWith('/teams')),
      telegram: hooks.requests.filter((r) => r.path.startsWith('/tg/')),
      webhook: hooks.requests.filter((r) => r.path.startsWith('/hook')),
    });

    before(async () => {
      if (skip) return;
      hooks = await startHttpReceiver();
      smtp = await startSmtpReceiver();
      clock = new ManualClock(start);
      t = await startTestApp({
        database,
        clock,
        config: {
          allowPrivateNetworks: 'true',
          smtpUrl: smtp.url,
          telegramApiBase: `${hooks.url}/tg`,
          publicUrl: 'https://firebreak.example',
        },
      });
      const brand = await t.api('POST', '/api/v1/brands', {
        body: { name: 'אל-על Air', aliases: ['ElAl'], timeZone: 'Asia/Jerusalem' },
      });
      assert.equal(brand.status, 201);
      brandId = brand.body.id;
    });

    after(async () => {
      if (skip) return;
      await t.close();
      await hooks.close();
      await smtp.close();
    });

    it('creates one channel per kind; secrets and credential-bearing URLs never come back', {
      skip,
    }, async () => {
      const inputs = [
        { name: 'PR mailbox', channel: 'email', address: 'pr@elal.example' },
        { name: '#crisis', channel: 'slack', address: `${hooks.url}/slack/T000/B000/XXXXsecretpath` },
        { name: 'Teams PR', channel: 'teams', address: `${hooks.url}/teams/webhookb2/secret-guid` },
        { name: 'Duty phone', channel: 'telegram', address: '-1001234567890', secret: botToken },
        { name: 'SIEM', channel: 'webhook', address: `${hooks.url}/hook`, secret: webhookSecret },
      ];
      for (const input of inputs) {
        const res = await t.api('POST', '/api/v1/notification-channels', { body: input });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        channelIds[input.channel] = res.body.id;
        assert.equal(res.body.secret, undefined);
        assert.equal(res.body.hasSecret, Boolean(input.secret));
      }
      const list = await t.api('GET', '/api/v1/notification-channels');
      const text = JSON.stringify(list.body);
      assert.ok(!text.includes(botToken) && !text.includes(webhookSecret));
      assert.ok(!text.includes('XXXXsecretpath') && !text.includes('secret-guid'));
      const audit = await t.api('GET', '/api/v1/audit?subjectType=notification_channel');
      assert.equal(audit.body.length, 5);
      assert.ok(!JSON.stringify(audit.body).includes(webhookSecret));
    });

    it('refuses a channel that cannot work, with a reason', { skip }, async () => {
      const bad = await t.api('POST', '/api/v1/notification-channels', {
        body: { name: 'weak', channel: 'webhook', address: `${hooks.url}/hook`, secret: 'short' },
      });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /at least 16 characters/);
      const badMail = await t.api('POST', '/api/v1/notification-channels', {
        body: { name: 'x', channel: 'email', address: 'not an address' },
      });
      assert.equal(badMail.status, 400);
    });

    it('routing rules: office-hours rule for every channel, a night rule, and an escalation tier', {
      skip,
    }, async () => {
      const all = Object.values(channelIds);
      const office = await t.api('POST', '/api/v1/routing-rules', {
        body: { name: 'Office hours', minSeverity: 2, hours: { fromHour: 8, toHour: 20 }, channelIds: all },
      });
      assert.equal(office.status, 201, JSON.stringify(office.body));
      const night = await t.api('POST', '/api/v1/routing-rules', {
        body: {
          name: 'Night: critical only',
          minSeverity: 4,
          hours: { fromHour: 20, toHour: 8 },
          channelIds: [channelIds.telegram],
        },
      });
      assert.equal(night.status, 201);
      const escalation = await t.api('POST', '/api/v1/routing-rules', {
        body: { name: 'Wake the PR lead', tier: 1, brandIds: [brandId], channelIds: [channelIds.telegram] },
      });
      assert.equal(escalation.status, 201);
      const unknown = await t.api('POST', '/api/v1/routing-rules', {
        body: { name: 'x', channelIds: ['nch_nope'] },
      });
      assert.equal(unknown.status, 400);
      const patched = await t.api('PATCH', `/api/v1/routing-rules/${night.body.id}`, {
        body: { minSeverity: 3 },
      });
      assert.equal(patched.status, 200);
      assert.deepEqual(
        patched.body.hours,
        { fromHour: 20, toHour: 8 },
        'a PATCH keeps the fields it does not name',
      );
      assert.deepEqual(patched.body.channelIds, [channelIds.telegram]);
    });

    it('a storm opens one alert, notifies every routed channel with escaped text, and updates instead of duplicating', {
      skip,
    }, async () => {
      hooks.script(503); // the first delivery (whichever channel) fails once and is retried
      await t.ctx.alerts.alerts.accept([signal('volume_spike', 2)]);
      await t.ctx.alerts.alerts.drain();
      const list = await t.api('GET', '/api/v1/alerts');
      assert.equal(list.body.length, 1);
      const alert = list.body[0];
      assert.equal(alert.status, 'open');
      assert.equal(alert.severity, 2);
      assert.ok(alert.title.includes('אל-על Air'));
      const got = received();
      assert.equal(
        got.slack.length + got.teams.length + got.webhook.length + got.telegram.length,
        5,
        'four HTTP channels, one retried',
      );
      assert.equal(smtp.mails.length, 1);
      const html = mimeParts(smtp.mails[0].raw).html!;
      assert.ok(html.includes('&lt;script&gt;') && !html.includes('<script>'));
      assert.ok(html.includes('הרעלה') && html.includes('отравление') && html.includes('食物中毒'));
      const tg = got.telegram.at(-1)!.json as { text: string };
      assert.ok(tg.text.includes('&lt;script&gt;'));
      for (const req of got.webhook) {
        const verdict = verifySignature({
          secret: webhookSecret,
          rawBody: req.rawBody,
          signature: req.headers['x-firebreak-signature'] as string,
          timestamp: req.headers['x-firebreak-timestamp'] as string,
          nowMs: clock.now(),
        });
        assert.deepEqual(verdict, { ok: true });
      }
      const payload = got.webhook.at(-1)!.json as { data: { alertId: string; reason: string }; url: string };
      assert.deepEqual([payload.data.alertId, payload.data.reason], [alert.id, 'opened']);
      assert.equal(payload.url, `https://firebreak.example/alerts/${alert.id}`);

      const deliveries = await t.api('GET', `/api/v1/alerts/${alert.id}/deliveries`);
      assert.equal(deliveries.body.length, 6, 'one row per attempt: five channels + one retry');
      assert.equal(deliveries.body.filter((d: { ok: boolean }) => !d.ok).length, 1);
      assert.equal(deliveries.body.find((d: { ok: boolean }) => !d.ok).status, 503);

      clock.advance(2 * min);
      const before = hooks.requests.length + smtp.mails.length;
      await t.ctx.alerts.alerts.accept([signal('negative_surge', 2)]);
      await t.ctx.alerts.alerts.drain();
      assert.equal(hooks.requests.length + smtp.mails.length, before, 'same severity: no new notification');
      clock.advance(2 * min);
      await t.ctx.alerts.alerts.accept([signal('influencer', 3, { topAuthors: ['@journalist_ru'] })]);
      await t.ctx.alerts.alerts.drain();
      const after = await t.api('GET', '/api/v1/alerts');
      assert.equal(after.body.length, 1, 'one storm, one alert');
      assert.deepEqual(
        [after.body[0].id, after.body[0].severity, after.body[0].signalCount],
        [alert.id, 3, 3],
      );
      assert.deepEqual(after.body[0].signalTypes, ['volume_spike', 'negative_surge', 'influencer']);
      const worse = received().webhook.at(-1)!.json as { title: string; data: { reason: string } };
      assert.equal(worse.data.reason, 'severity_raised');
      assert.ok(worse.title.startsWith('Worse: '));
    });

    it('nobody acknowledges: the tick escalates to tier 1 (the PR lead on Telegram) after the timeout', {
      skip,
    }, async () => {
      const [alert] = (await t.api('GET', '/api/v1/alerts')).body;
      const telegramBefore = received().telegram.length;
      const webhookBefore = received().webhook.length;
      clock.advance(10 * min);
      assert.deepEqual(await t.ctx.alerts.alerts.tick(), { escalated: 0, woken: 0 });
      clock.advance(6 * min);
      assert.deepEqual(await t.ctx.alerts.alerts.tick(), { escalated: 1, woken: 0 });
      await t.ctx.alerts.alerts.drain();
      assert.equal(received().telegram.length, telegramBefore + 1);
      assert.equal(received().webhook.length, webhookBefore, 'tier 1 goes only to the escalation rule');
      const tg = received().telegram.at(-1)!.json as { text: string };
      assert.ok(tg.text.includes('Not acknowledged'));
      const got = await t.api('GET', `/api/v1/alerts/${alert.id}`);
      assert.equal(got.body.escalationLevel, 1);
      assert.ok(got.body.nextEscalationAt > clock.now());
    });

    it('people act through the API: roles are checked, the transition table is enforced, every action is audited', {
      skip,
    }, async () => {
      const [alert] = (await t.api('GET', '/api/v1/alerts')).body;
      const viewer = await t.tokenFor('viewer');
      const responder = await t.tokenFor('responder', 'dana@elal.example');
      const denied = await t.api('POST', `/api/v1/alerts/${alert.id}/acknowledge`, {
        token: viewer,
        body: {},
      });
      assert.equal(denied.status, 403);
      clock.advance(min);
      const ack = await t.api('POST', `/api/v1/alerts/${alert.id}/acknowledge`, {
        token: responder,
        body: { note: 'בודקים מול מחלקת הקייטרינג' },
      });
      assert.equal(ack.status, 200, JSON.stringify(ack.body));
      assert.deepEqual([ack.body.status, ack.body.nextEscalationAt], ['acknowledged', null]);
      assert.match(ack.body.acknowledgedBy, /dana@elal\.example/);
      clock.advance(60 * min);
      assert.deepEqual(
        await t.ctx.alerts.alerts.tick(),
        { escalated: 0, woken: 0 },
        'acknowledged alerts do not escalate',
      );
      const resolved = await t.api('POST', `/api/v1/alerts/${alert.id}/resolve`, {
        token: responder,
        body: {},
      });
      assert.equal(resolved.body.status, 'resolved');
      const again = await t.api('POST', `/api/v1/alerts/${alert.id}/acknowledge`, {
        token: responder,
        body: {},
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'conflict');
      const audit = await t.api('GET', `/api/v1/audit?subjectType=alert&subjectId=${alert.id}`);
      const actions = audit.body.map((e: { action: string }) => e.action).reverse();
      assert.deepEqual(actions, [
        'alert.open',
        'alert.signal',
        'alert.signal',
        'alert.unacknowledged',
        'alert.acknowledge',
        'alert.resolve',
      ]);
      const ackEvent = audit.body.find((e: { action: string }) => e.action === 'alert.acknowledge');
      assert.match(ackEvent.actor, /dana@elal\.example/);
      assert.equal(ackEvent.after.note, 'בודקים מול מחלקת הקייטרינג');
    });

    it('cooldown: the tail of a resolved storm is counted, not paged; a worse storm opens a new alert', {
      skip,
    }, async () => {
      const [resolved] = (await t.api('GET', '/api/v1/alerts')).body;
      const before = hooks.requests.length + smtp.mails.length;
      clock.advance(5 * min);
      await t.ctx.alerts.alerts.accept([signal('volume_spike', 2)]);
      await t.ctx.alerts.alerts.drain();
      assert.equal(hooks.requests.length + smtp.mails.length, before);
      const same = await t.api('GET', `/api/v1/alerts/${resolved.id}`);
      assert.deepEqual([same.body.status, same.body.suppressedCount], ['resolved', 1]);
      await t.ctx.alerts.alerts.accept([signal('coordinated', 4)]);
      await t.ctx.alerts.alerts.drain();
      const list = (await t.api('GET', '/api/v1/alerts?status=open')).body;
      assert.equal(list.length, 1);
      assert.notEqual(list[0].id, resolved.id);
      assert.equal(list[0].suggestedCrisisType, 'disinformation_attack');
    });

    it('snooze, wake on time, and escalate to a crisis', { skip }, async () => {
      const [alert] = (await t.api('GET', '/api/v1/alerts?status=open')).body;
      const snoozed = await t.api('POST', `/api/v1/alerts/${alert.id}/snooze`, { body: { minutes: 30 } });
      assert.deepEqual([snoozed.body.status, snoozed.body.snoozedUntil], ['snoozed', clock.now() + 30 * min]);
      clock.advance(31 * min);
      assert.deepEqual(await t.ctx.alerts.alerts.tick(), { escalated: 0, woken: 1 });
      await t.ctx.alerts.alerts.drain();
      const woken = await t.api('GET', `/api/v1/alerts/${alert.id}`);
      assert.equal(woken.body.status, 'open');
      const escalated = await t.api('POST', `/api/v1/alerts/${alert.id}/escalate`, {
        body: { crisisId: 'crs_bot_attack' },
      });
      assert.deepEqual([escalated.body.status, escalated.body.crisisId], ['escalated', 'crs_bot_attack']);
      const snoozeEscalated = await t.api('POST', `/api/v1/alerts/${alert.id}/snooze`, { body: {} });
      assert.equal(snoozeEscalated.status, 409);
      const filtered = await t.api('GET', '/api/v1/alerts?status=escalated,resolved&minSeverity=2');
      assert.equal(filtered.body.length, 2);
      const badFilter = await t.api('GET', '/api/v1/alerts?status=burning');
      assert.equal(badFilter.status, 400);
    });

    it('tests a channel on demand, and refuses to delete a channel a rule still uses', { skip }, async () => {
      hooks.script(500);
      const test = await t.api('POST', `/api/v1/notification-channels/${channelIds.webhook}/test`, {
        body: {},
      });
      assert.equal(test.status, 200);
      assert.deepEqual([test.body.ok, test.body.attempts], [true, 2]);
      const last = received().webhook.at(-1)!.json as { title: string };
      assert.ok(last.title.startsWith('Test: '));
      const del = await t.api('DELETE', `/api/v1/notification-channels/${channelIds.webhook}`);
      assert.equal(del.status, 409);
      const channel = await t.api('GET', `/api/v1/notification-channels/${channelIds.webhook}`);
      assert.equal(channel.body.health.consecutiveFailures, 0);
    });

    it('stores per-brand detector sensitivity for the detectors to read', { skip }, async () => {
      const defaults = await t.api('GET', `/api/v1/brands/${brandId}/detector-settings`);
      assert.equal(defaults.body.sensitivity, 'normal');
      const patched = await t.api('PATCH', `/api/v1/brands/${brandId}/detector-settings`, {
        body: {
          sensitivity: 'high',
          detectors: { coordinated: { enabled: false } },
          crisisTerms: { he: ['הרעלה'], ru: ['отравление'] },
        },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const read = await t.ctx.alerts.settings.detectorSettings(t.workspaceId, brandId);
      assert.equal(read.sensitivity, 'high');
      assert.equal(read.detectors.coordinated?.enabled, false);
      assert.deepEqual(read.crisisTerms.ru, ['отравление']);
      const second = await t.api('PATCH', `/api/v1/brands/${brandId}/detector-settings`, {
        body: { minAlertSeverity: 2 },
      });
      assert.equal(second.body.sensitivity, 'high', 'a PATCH keeps the other settings');
      const missing = await t.api('GET', '/api/v1/brands/brd_nope/detector-settings');
      assert.equal(missing.status, 404);
    });
  });
}
