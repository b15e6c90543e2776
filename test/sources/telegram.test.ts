/** Telegram connector against a fake Bot API getUpdates replaying the constructed update set. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { telegramConnector } from '../../src/sources/telegram/client.ts';
import { telegramParams } from '../../src/sources/telegram/config.ts';
import { FakeTelegram, type Update } from '../fakes/telegram.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { fixture, harness } from './support.ts';

const captured = (
  JSON.parse(fixture('telegram/getUpdates-response.constructed.json')) as { result: Update[] }
).result;
const group = captured.find(
  (u) => 'message' in u && !(u.message as { is_automatic_forward?: boolean }).is_automatic_forward,
)!;
const texts = [
  'Где мой багаж? Уже третий день жду',
  'מתי תחזירו לי את הכסף?',
  '我的行李到底在哪里',
  'Still no refund after two weeks',
];

function reply(n: number, updateId: number): Update {
  const m = group.message as Record<string, unknown>;
  return {
    update_id: updateId,
    message: {
      ...m,
      message_id: 10_000 + n,
      date: 1_790_000_100 + n,
      text: texts[n % 4],
      from: { id: 5000 + n, is_bot: false, first_name: 'Пользователь', username: `user${n}` },
    },
  };
}

describe('telegram connector', () => {
  let tg: FakeTelegram;
  before(async () => {
    tg = await new FakeTelegram().start();
  });
  after(() => tg.http.stop());
  beforeEach(() => {
    tg.queue = [];
    tg.webhookSet = false;
    tg.http.requests.length = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    telegramConnector(
      telegramParams.parse({ apiBase: tg.http.url, longPollSeconds: 1, maxCalls: 5, ...extra }),
      { botToken: tg.token },
    );

  it('first sync: the channel post, its edit, the group reply; the automatic forward is skipped', async () => {
    tg.queue = [...captured];
    const h = harness(connector());
    const r = await h.pass();
    assert.equal(r.error, undefined);
    const post = h.sink.stored.get('telegram:-1001987654321:412')!;
    assert.equal(post.url, 'https://t.me/acmeair_news/412');
    assert.equal(post.author?.handle, 'acmeair_news');
    assert.equal(post.createdAt, 1_790_000_000_000);
    const ids = h.sink.ids();
    assert.ok(!ids.includes('-1002223334445:9001'), 'the automatic forward is the channel post again');
    const groupReply = h.sink.stored.get(
      `telegram:-1002223334445:${(group.message as { message_id: number }).message_id}`,
    )!;
    assert.equal(groupReply.parentId, '-1002223334445:9001');
    const last = Math.max(...captured.map((u) => u.update_id));
    assert.equal(JSON.parse(h.checkpoints.cursors.get('src_test')!).updateId, last);
  });

  it('incremental sync confirms with offset = last + 1 and gets only new updates', async () => {
    tg.queue = [reply(1, 100)];
    const h = harness(connector());
    await h.pass();
    tg.queue.push(reply(2, 101), reply(3, 102));
    tg.http.requests.length = 0;
    await h.pass();
    assert.equal(tg.http.requests[0]!.query.get('offset'), '101');
    assert.equal(h.sink.stored.size, 3);
    assert.equal(h.sink.deliveries, 3, 'nothing was sent twice');
  });

  it('waits the retry_after of a 429 body, retries a 502, and stops with a clear error on 409 (webhook set)', async () => {
    tg.queue = [reply(1, 100)];
    tg.http.faults.push(
      {
        status: 429,
        headers: { 'content-type': 'application/json' },
        body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 17","parameters":{"retry_after":17}}',
      },
      { status: 502, body: '<html>Bad Gateway</html>' },
    );
    const h = harness(connector());
    assert.equal((await h.pass()).error, undefined);
    assert.ok(h.retries[0]!.delayMs >= 17_000);
    assert.equal(h.sink.stored.size, 1);
    tg.webhookSet = true;
    const conflict = await h.pass();
    assert.match(conflict.error ?? '', /409.*webhook/);
    assert.doesNotMatch(
      conflict.error ?? '',
      new RegExp(tg.token.split(':')[1]!),
      'the token never appears in errors',
    );
    tg.webhookSet = false;
    tg.queue.push(reply(2, 101));
    assert.equal((await h.pass()).error, undefined);
    assert.equal(h.sink.stored.size, 2);
  });

  it('skips an update whose message has no chat and logs it', async () => {
    tg.queue = [
      reply(1, 100),
      { update_id: 101, message: { message_id: 5, date: 1_790_000_000, text: 'no chat' } },
    ];
    const h = harness(connector());
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
    assert.equal(
      JSON.parse(h.checkpoints.cursors.get('src_test')!).updateId,
      101,
      'a malformed update is still acknowledged',
    );
  });

  it('kill -9 mid-sync, restart: every message stored exactly once (updates confirmed only after storage)', {
    timeout: 60_000,
  }, async () => {
    tg.queue = Array.from({ length: 300 }, (_, i) => reply(i, 1000 + i));
    const { dataDir, sourceId } = await sourceInDataDir(
      'telegram',
      { apiBase: tg.http.url, longPollSeconds: 0, maxCalls: 100 },
      { botToken: tg.token },
    );
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, 300);
      assert.equal(end.total, 300);
      assert.equal(end.distinct, 300);
      assert.equal(JSON.parse(end.cursor!).updateId, 1299);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
