/** Every channel delivers to a real local receiver: SMTP server, HTTP servers standing in for Slack, Teams, Telegram and a webhook consumer. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RichMessage } from '../../src/notify/delivery.ts';
import { createNotifiers } from '../../src/notify/index.ts';
import { verifySignature } from '../../src/notify/webhook/signature.ts';
import {
  type HttpReceiver,
  instantRuntime,
  mimeParts,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from '../support/receivers.ts';

const message: RichMessage = {
  id: 'alt_1:v1',
  workspaceId: 'wsp_1',
  title: 'Negative surge: "הרעלה" <b>בסניף</b> & отравление',
  body: 'Top post: <script>alert(1)</script> *רמאים* <!channel> 泄露 [click](http://evil.example)',
  url: 'https://firebreak.example/alerts/alt_1',
  severity: 3,
  data: { alertId: 'alt_1', status: 'open' },
};

const token = '123456789:AAF1bcdEFghIjkLMnoPQrstuvWXyz012345';
const secret = 'whsec_0123456789abcdef';

describe('notification channels deliver to real local receivers', () => {
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  before(async () => {
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
  });
  after(async () => {
    await http.close();
    await smtp.close();
  });

  const build = (extra = {}) =>
    createNotifiers(
      {
        allowPrivateNetworks: true,
        smtpUrl: smtp.url,
        telegramApiBase: `${http.url}/tg`,
        timeoutMs: 3_000,
        ...extra,
      },
      { runtime: instantRuntime() },
    );

  it('e-mail: arrives over SMTP with an escaped HTML part and the same text in the plain part', async () => {
    const report = await build().sendTo({ channel: 'email', address: 'pr@example.co.il' }, message);
    assert.equal(report.ok, true, report.error);
    const mail = smtp.mails.at(-1)!;
    assert.deepEqual(mail.to, ['pr@example.co.il']);
    const parts = mimeParts(mail.raw);
    assert.ok(parts.subject?.includes('הרעלה'));
    assert.ok(parts.html?.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!parts.html?.includes('<script>'));
    assert.ok(!parts.html?.includes('<b>בסניף'));
    assert.ok(parts.text?.includes('<script>alert(1)</script>'), 'plain text keeps the text as written');
    assert.ok(parts.html?.includes('href="https://firebreak.example/alerts/alt_1"'));
  });

  it('e-mail: a 451 "try later" is retried, a missing SMTP URL fails clearly without retries', async () => {
    smtp.script(451);
    const before = smtp.mails.length;
    const report = await build().sendTo({ channel: 'email', address: 'ops@example.com' }, message);
    assert.deepEqual([report.ok, report.attempts], [true, 2]);
    assert.equal(report.log[0].status, 451);
    assert.equal(smtp.mails.length, before + 1);
    const unconfigured = await build({ smtpUrl: undefined }).sendTo(
      { channel: 'email', address: 'ops@example.com' },
      message,
    );
    assert.deepEqual([unconfigured.ok, unconfigured.attempts], [false, 1]);
    assert.match(unconfigured.error!, /FIREBREAK_SMTP_URL/);
  });

  it('slack: posts mrkdwn blocks in which the mention cannot ping @channel or inject a link', async () => {
    const report = await build().sendTo(
      { channel: 'slack', address: `${http.url}/services/T0/B0/x` },
      message,
    );
    assert.equal(report.ok, true, report.error);
    const got = http.requests.at(-1)!;
    assert.equal(got.path, '/services/T0/B0/x');
    const raw = JSON.stringify(got.json);
    assert.ok(!raw.includes('<!channel>'));
    assert.ok(!raw.includes('<script>'));
    assert.ok(raw.includes('<https://firebreak.example/alerts/alt_1|Open in Firebreak>'));
    assert.ok(raw.includes('泄露'));
  });

  it('teams: posts an Adaptive Card with escaped Markdown and an open-link action', async () => {
    const report = await build().sendTo({ channel: 'teams', address: `${http.url}/webhookb2/abc` }, message);
    assert.equal(report.ok, true, report.error);
    const body = http.requests.at(-1)!.json as {
      attachments: {
        contentType: string;
        content: { body: { text: string }[]; actions: { url: string }[] };
      }[];
    };
    const card = body.attachments[0];
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    const text = card.content.body[1].text as string;
    assert.ok(text.includes('\\[click\\]\\(http://evil\\.example\\)'));
    assert.ok(!text.includes('<script>'));
    assert.equal(card.content.actions[0].url, 'https://firebreak.example/alerts/alt_1');
  });

  it('telegram: calls sendMessage on the configured API base with escaped HTML and retries a 429', async () => {
    let calls = 0;
    http.handler = (req) => {
      if (!req.path.startsWith('/tg/')) return { status: 404 };
      calls++;
      return calls === 1
        ? { status: 429, body: JSON.stringify({ ok: false, parameters: { retry_after: 3 } }) }
        : { status: 200, body: JSON.stringify({ ok: true }) };
    };
    try {
      const runtime = instantRuntime();
      const notifiers = createNotifiers(
        { allowPrivateNetworks: true, telegramApiBase: `${http.url}/tg` },
        { runtime },
      );
      const report = await notifiers.sendTo(
        { channel: 'telegram', address: '-1001234567890', secret: token },
        message,
      );
      assert.equal(report.ok, true, report.error);
      assert.equal(report.attempts, 2);
      assert.ok(runtime.delays[0] >= 3_000, 'waited at least what Telegram asked for');
      const got = http.requests.at(-1)!;
      assert.equal(got.path, `/tg/bot${token}/sendMessage`);
      const payload = got.json as { chat_id: string; text: string; parse_mode: string };
      assert.equal(payload.chat_id, '-1001234567890');
      assert.equal(payload.parse_mode, 'HTML');
      assert.ok(payload.text.includes('&lt;script&gt;'));
      assert.ok(payload.text.startsWith('<b>'));
    } finally {
      http.handler = undefined;
    }
  });

  it('telegram: a malformed token is refused before any request and never echoed', async () => {
    const count = http.requests.length;
    const report = await build().sendTo(
      { channel: 'telegram', address: '42', secret: '../../evil' },
      message,
    );
    assert.equal(report.ok, false);
    assert.equal(http.requests.length, count);
    assert.ok(!report.error?.includes('evil'));
  });

  it('webhook: signs each attempt, retries 5xx with growing backoff, and the receiver verifies it', async () => {
    http.script(503, 502);
    const runtime = instantRuntime();
    const notifiers = createNotifiers({ allowPrivateNetworks: true }, { runtime });
    const first = http.requests.length;
    const report = await notifiers.sendTo(
      { channel: 'webhook', address: `${http.url}/hooks/firebreak`, secret },
      message,
    );
    assert.equal(report.ok, true, report.error);
    assert.deepEqual(
      report.log.map((a) => a.status),
      [503, 502, 200],
    );
    assert.ok(runtime.delays[1] > runtime.delays[0]);
    const attempts = http.requests.slice(first);
    assert.equal(attempts.length, 3);
    for (const [i, req] of attempts.entries()) {
      assert.equal(req.headers['x-firebreak-delivery'], 'alt_1:v1');
      assert.equal(req.headers['x-firebreak-attempt'], String(i + 1));
      const verdict = verifySignature({
        secret,
        rawBody: req.rawBody,
        signature: req.headers['x-firebreak-signature'] as string,
        timestamp: req.headers['x-firebreak-timestamp'] as string,
        nowMs: runtime.clock.now(),
      });
      assert.deepEqual(verdict, { ok: true });
    }
    const payload = attempts[2].json as { data: unknown; title: string };
    assert.deepEqual(payload.data, { alertId: 'alt_1', status: 'open' });
    assert.equal(payload.title, message.title);
    const tampered = verifySignature({
      secret,
      rawBody: attempts[2].rawBody.replace('alt_1', 'alt_2'),
      signature: attempts[2].headers['x-firebreak-signature'] as string,
      timestamp: attempts[2].headers['x-firebreak-timestamp'] as string,
      nowMs: runtime.clock.now(),
    });
    assert.equal(tampered.ok, false);
  });

  it('webhook: a 4xx is not retried; a signature older than the tolerance is refused by the verifier', async () => {
    http.script(410);
    const first = http.requests.length;
    const report = await build().sendTo({ channel: 'webhook', address: `${http.url}/gone`, secret }, message);
    assert.deepEqual([report.ok, report.attempts, http.requests.length - first], [false, 1, 1]);
    const req = http.requests.at(-1)!;
    const stale = verifySignature({
      secret,
      rawBody: req.rawBody,
      signature: req.headers['x-firebreak-signature'] as string,
      timestamp: req.headers['x-firebreak-timestamp'] as string,
      nowMs: Number(req.headers['x-firebreak-timestamp']) * 1000 + 10 * 60_000,
    });
    assert.deepEqual(stale, { ok: false, reason: 'timestamp outside the tolerance window' });
  });
});

describe('outbound HTTP safety', () => {
  let http: HttpReceiver;
  let other: HttpReceiver;
  before(async () => {
    http = await startHttpReceiver();
    other = await startHttpReceiver();
  });
  after(async () => {
    await http.close();
    await other.close();
  });

  it('refuses loopback and private addresses unless private networks are allowed', async () => {
    const notifiers = createNotifiers({}, { runtime: instantRuntime() });
    for (const address of [
      `${http.url}/x`,
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/hook',
      'http://[::1]/x',
    ]) {
      const report = await notifiers.sendTo({ channel: 'slack', address }, message);
      assert.equal(report.ok, false, address);
      assert.equal(report.attempts, 1, `${address} is not retried`);
      assert.match(report.error!, /private/);
    }
    const viaDns = await notifiers.sendTo(
      { channel: 'slack', address: `http://localhost:${new URL(http.url).port}/x` },
      message,
    );
    assert.equal(viaDns.ok, false);
    assert.match(viaDns.error!, /private/);
    assert.equal(http.requests.length, 0);
  });

  it('follows a same-origin 307 but refuses a redirect to another host', async () => {
    const notifiers = createNotifiers({ allowPrivateNetworks: true }, { runtime: instantRuntime() });
    http.handler = (req) =>
      req.path === '/moved'
        ? { status: 307, headers: { location: '/here' } }
        : req.path === '/away'
          ? { status: 307, headers: { location: `${other.url}/steal` } }
          : { status: 200 };
    const same = await notifiers.sendTo({ channel: 'slack', address: `${http.url}/moved` }, message);
    assert.equal(same.ok, true, same.error);
    assert.equal(http.requests.at(-1)!.path, '/here');
    const away = await notifiers.sendTo({ channel: 'slack', address: `${http.url}/away` }, message);
    assert.equal(away.ok, false);
    assert.match(away.error!, /another host/);
    assert.equal(other.requests.length, 0);
  });

  it('gives up on a receiver that never answers, after the timeout, and retries it', async () => {
    const { createServer } = await import('node:http');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer(() => {});
    silent.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as import('node:net').AddressInfo).port;
    try {
      const notifiers = createNotifiers(
        { allowPrivateNetworks: true, timeoutMs: 150, retry: { maxAttempts: 2 } },
        { runtime: instantRuntime() },
      );
      const report = await notifiers.sendTo(
        { channel: 'teams', address: `http://127.0.0.1:${port}/x` },
        message,
      );
      assert.deepEqual([report.ok, report.attempts], [false, 2]);
      assert.match(report.error!, /no response within 150 ms/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});
