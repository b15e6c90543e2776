import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mention } from '../domain/mention.ts';
import { minhash, StoryTracker, similarity } from './stories.ts';

const T0 = Date.UTC(2026, 10, 25, 8);
let n = 0;
const m = (text: string, extra: Partial<Mention> = {}): Mention => ({
  workspaceId: 'w',
  source: 'x',
  externalId: String(n++),
  text,
  createdAt: T0,
  ...extra,
});

const COMPLAINT = 'Acme Air leaked the passport numbers of every passenger on flight 202 and says nothing';

describe('stories', () => {
  it('groups 5,000 reposts of one complaint into one story and names the earliest as origin', () => {
    const t = new StoryTracker();
    const variants = [
      COMPLAINT,
      `RT @bob: ${COMPLAINT}`,
      `${COMPLAINT}!!! unbelievable`,
      `@acme ${COMPLAINT} https://t.co/x1`,
    ];
    // The origin arrives late: stories keep their id but move their origin to the earliest member.
    let id = '';
    for (let i = 0; i < 4999; i++)
      id = t.assign(m(variants[i % 4], { createdAt: T0 + i * 1000, source: i % 2 ? 'x' : 'bluesky' })).id;
    const origin = m(COMPLAINT, { createdAt: T0 - 60_000, externalId: 'origin' });
    const story = t.assign(origin);
    assert.equal(story.id, id);
    assert.equal(story.size, 5000);
    assert.equal(story.originKey, 'x:origin');
    assert.deepEqual(Object.keys(story.bySource).sort(), ['bluesky', 'x']);
  });

  it('keeps different complaints apart and short texts out of text clustering', () => {
    const t = new StoryTracker();
    const a = t.assign(m(COMPLAINT)).id;
    const b = t.assign(
      m('The new seats on Acme Air flights are comfortable and the crew was lovely today'),
    ).id;
    assert.notEqual(a, b);
    assert.notEqual(t.assign(m('thanks!')).id, t.assign(m('thanks!')).id);
  });

  it('follows reply threads and shared links', () => {
    const t = new StoryTracker();
    const root = m('הטיסה שלי בוטלה ואף אחד לא עונה בשירות הלקוחות של אקמה');
    const id = t.assign(root).id;
    assert.equal(t.assign(m('גם לי!', { parentId: root.externalId })).id, id);
    const link = 'https://news.example/acme/leak-2026';
    const a = t.assign(m(`Утечка данных у Acme: ${link}`)).id;
    assert.equal(t.assign(m(`看看这个 ${link}`)).id, a);
  });

  it('stays within its memory cap', () => {
    const t = new StoryTracker({ maxEntries: 100 });
    for (let i = 0; i < 1000; i++)
      t.assign(m(`distinct post number ${i} about topic ${i * 7} with words ${i % 13}`));
    assert.ok(t.size <= 100);
  });

  it('compares Chinese texts by character grams', () => {
    const a = minhash('外卖送到的时候已经凉了，客服也不回复，太失望了');
    const b = minhash('转发：外卖送到的时候已经凉了，客服也不回复，太失望了');
    const c = minhash('酒店房间很干净，服务也很热情，下次还会再来');
    assert.ok(a && b && c);
    assert.ok(similarity(a, b) > similarity(a, c));
  });
  it('remembers stored mentions under their stored story: reposts, links and replies join it', () => {
    const t = new StoryTracker();
    t.remember(m(COMPLAINT, { externalId: 'o1' }), 'st_stored');
    t.remember(
      m('Пост с подробностями https://news.example/acme-air-leak', { externalId: 'o2' }),
      'st_stored',
    );
    // Already held: not counted twice.
    t.remember(m(COMPLAINT, { externalId: 'o1' }), 'st_stored');
    assert.equal(t.story('st_stored')?.size, 2);
    assert.equal(t.assign(m(`RT @bob: ${COMPLAINT}`, { createdAt: T0 + 60_000 })).id, 'st_stored');
    assert.equal(
      t.assign(m('Читайте https://news.example/acme-air-leak', { createdAt: T0 + 60_000 })).id,
      'st_stored',
    );
    assert.equal(t.assign(m('+1', { parentId: 'o1', createdAt: T0 + 60_000 })).id, 'st_stored');
    assert.notEqual(t.assign(m('מה קורה עם הטיסה של אקמה אייר לאילת מחר בבוקר?')).id, 'st_stored');
    assert.equal(t.story('st_stored')?.originKey, 'x:o1');
  });
});
