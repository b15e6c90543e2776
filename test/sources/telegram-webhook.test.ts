/** Telegram webhook delivery against the running server, as Telegram calls it (secret-token header). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { fixture } from './support.ts';

const updates = (
  JSON.parse(fixture('telegram/getUpdates-response.constructed.json')) as { result: unknown[] }
).result;
const SECRET = 'Tg_webhook-secret-0123456789';

describe('telegram webhook', () => {
  let t: TestApp;
  let id: string;
  before(async () => {
    t = await startTestApp();
    const made = await t.api('POST', '/api/v1/sources', {
      body: {
        kind: 'telegram',
        name: 'Acme Air channel',
        params: { delivery: 'webhook' },
        secrets: { botToken: '123456789:AAHfakeTESTtokenTESTtokenTESTtok', webhookSecret: SECRET },
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    id = made.body.id;
  });
  after(() => t?.close());

  const post = (body: unknown, secret: string | null = SECRET) =>
    fetch(`${t.url}/api/v1/sources/${id}/telegram-webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
      },
      body: JSON.stringify(body),
    });

  it('stores each delivered update once (Telegram re-sends on failure), skips the automatic forward', async () => {
    for (const u of updates) assert.equal((await post(u)).status, 200);
    assert.equal((await post(updates[0])).status, 200);
    const stored = await t.ctx.store.mentions.list({ workspaceId: t.workspaceId, limit: 50 });
    const ids = stored.map((m) => m.externalId).sort();
    assert.ok(ids.includes('-1001987654321:412'));
    assert.ok(!ids.includes('-1002223334445:9001'), 'automatic forward skipped');
    assert.equal(new Set(ids).size, ids.length);
    const source = (await t.api('GET', `/api/v1/sources/${id}`)).body;
    assert.equal(source.health.itemsTotal, ids.length);
    assert.ok(!JSON.stringify(source).includes(SECRET));
  });

  it('refuses a wrong or missing secret token', async () => {
    assert.equal((await post(updates[0], 'wrong-secret-wrong-secret')).status, 401);
    assert.equal((await post(updates[0], null)).status, 401);
  });

  it('answers 200 to a malformed update (so Telegram stops re-sending) and counts it', async () => {
    const before = (await t.api('GET', `/api/v1/sources/${id}`)).body.health.malformedTotal ?? 0;
    assert.equal((await post({ update_id: 1, message: { text: 'нет чата' } })).status, 200);
    const after = (await t.api('GET', `/api/v1/sources/${id}`)).body.health.malformedTotal;
    assert.equal(after, before + 1);
  });
});
