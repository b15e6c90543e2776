/**
 * Meta (Facebook Page / Instagram) webhooks against the running server, as Meta calls it: the
 * documented handshake, the signature test vectors over the exact fixture bytes, retried deliveries,
 * forged signatures and malformed entries.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { mapDelivery } from '../../src/sources/meta/map.ts';
import { verifySignature } from '../../src/sources/meta/verify.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { fixture } from './support.ts';

const page = fixture('meta/facebook-page-feed-comment.constructed.json');
const insta = fixture('meta/instagram-comments.constructed.json');
const vectors = fixture('meta/signature-test-vectors.txt');
const vector = (file: string) =>
  new RegExp(`${file.replace('.', '\\.')}\\s+X-Hub-Signature-256: (sha256=[0-9a-f]{64})`).exec(vectors)![1]!;

describe('meta webhooks', () => {
  let t: TestApp;
  let sourceId: string;
  before(async () => {
    t = await startTestApp();
    const made = await t.api('POST', '/api/v1/sources', {
      body: {
        kind: 'meta',
        name: 'Acme Air page + IG',
        secrets: { appSecret: 'test_app_secret', verifyToken: 'meatyhamhock' },
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    sourceId = made.body.id;
  });
  after(() => t?.close());

  const deliver = (body: string, signature: string) =>
    fetch(`${t.url}/api/v1/sources/${sourceId}/meta-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    });

  it('matches the signature test vectors on the exact fixture bytes, and nothing else', () => {
    assert.equal(
      verifySignature('test_app_secret', page, vector('facebook-page-feed-comment.constructed.json')),
      true,
    );
    assert.equal(
      verifySignature('test_app_secret', insta, vector('instagram-comments.constructed.json')),
      true,
    );
    assert.equal(
      verifySignature('test_app_secret', `${page} `, vector('facebook-page-feed-comment.constructed.json')),
      false,
    );
    assert.equal(
      verifySignature('other_secret', page, vector('facebook-page-feed-comment.constructed.json')),
      false,
    );
    assert.equal(verifySignature('test_app_secret', page, undefined), false);
  });

  it('answers the documented subscription handshake only with the right verify token', async () => {
    const ok = await fetch(
      `${t.url}/api/v1/sources/${sourceId}/meta-webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock`,
    );
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '1158201444');
    const bad = await fetch(
      `${t.url}/api/v1/sources/${sourceId}/meta-webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong-token`,
    );
    assert.equal(bad.status, 403);
  });

  it('stores the Page comment (Hebrew) and the Instagram comment (Chinese); a retried delivery is stored once', async () => {
    const a = await deliver(page, vector('facebook-page-feed-comment.constructed.json'));
    assert.equal(a.status, 200);
    assert.equal(((await a.json()) as { stored: number }).stored, 1);
    const b = await deliver(insta, vector('instagram-comments.constructed.json'));
    assert.equal(((await b.json()) as { stored: number }).stored, 1);
    const again = await deliver(page, vector('facebook-page-feed-comment.constructed.json'));
    assert.deepEqual(await again.json(), { stored: 0, duplicates: 1, malformed: 0 });
    const fb = await t.ctx.store.mentions.get(
      t.workspaceId,
      'facebook',
      '122100000000000001_1234567890123456',
    );
    assert.equal(fb?.text, 'שוב איחור של שלוש שעות. תחזירו לי את הכסף');
    assert.equal(fb?.author?.name, 'Dana Cohen');
    assert.equal(fb?.url, 'https://www.facebook.com/acmeair/posts/pfbid0abc');
    const ig = await t.ctx.store.mentions.get(t.workspaceId, 'instagram', '17919697626119712');
    assert.equal(ig?.text, '航班又延误了，太失望了');
    assert.equal(ig?.author?.handle, 'traveller_li');
    assert.equal(ig?.parentId, '17900000000000001');
    const listed = (await t.api('GET', `/api/v1/sources/${sourceId}`)).body;
    assert.equal(listed.health.itemsTotal, 2);
    assert.ok(!JSON.stringify(listed).includes('test_app_secret'));
  });

  it('refuses a forged or missing signature and stores nothing', async () => {
    const forged = page.replace('Dana Cohen', 'Mallory');
    const res = await deliver(forged, vector('facebook-page-feed-comment.constructed.json'));
    assert.equal(res.status, 401);
    const none = await fetch(`${t.url}/api/v1/sources/${sourceId}/meta-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: page,
    });
    assert.equal(none.status, 401);
    const unknown = await fetch(`${t.url}/api/v1/sources/src_nope/meta-webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': vector('facebook-page-feed-comment.constructed.json'),
      },
      body: page,
    });
    assert.equal(unknown.status, 401);
  });

  it('skips a malformed change and a reaction, stores the good comment of the same delivery', async () => {
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: '104851234567890',
          time: 1790000500,
          changes: [
            { field: 'feed', value: { item: 'comment', verb: 'add', message: 'нет comment_id' } },
            { field: 'feed', value: { item: 'reaction', verb: 'add', reaction_type: 'angry', post_id: 'x' } },
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'add',
                comment_id: '1_2',
                message: 'Где мои деньги?',
                created_time: 1790000499,
                from: { id: '42', name: 'Иван' },
              },
            },
          ],
        },
      ],
    });
    const signature = `sha256=${createHmac('sha256', 'test_app_secret').update(body).digest('hex')}`;
    const res = await deliver(body, signature);
    assert.deepEqual(await res.json(), { stored: 1, duplicates: 0, malformed: 1 });
    assert.equal(mapDelivery(JSON.parse(body)).skipped, 1);
  });
});
