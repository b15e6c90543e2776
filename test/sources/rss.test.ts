/**
 * RSS/Atom connector against a local feed server that speaks conditional GET and replays the fixture
 * feeds (RSS 2.0 spec sample, RFC 4287 example, a real Google Alerts and Google News feed).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { rssConnector } from '../../src/sources/rss/client.ts';
import { rssParams } from '../../src/sources/rss/config.ts';
import { FakeFeed } from '../fakes/rss.ts';
import { crashAndResume, sourceInDataDir, stored } from './crash.ts';
import { fixture, harness } from './support.ts';

const sample = fixture('rss/rss2-sample.xml');

function connectorFor(feed: FakeFeed, batchSize = 100) {
  return rssConnector(rssParams.parse({ url: feed.url, batchSize }));
}

function itemXml(guid: string, title: string, text: string, date: string): string {
  return `<item><title>${title}</title><link>https://news.example/${guid}</link><description>${text}</description><pubDate>${date}</pubDate><guid>${guid}</guid></item>`;
}

const multilingual = [
  ['he', 'חברת התעופה ביטלה את כל הטיסות הבוקר'],
  ['ru', 'Клиенты жалуются на задержки доставки уже третий день'],
  ['zh', '这家公司的客服电话一直打不通，用户非常生气'],
  ['en', 'Customers report the app is down across Europe'],
] as const;

function bigFeed(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const [lang, text] = multilingual[i % multilingual.length]!;
    items.push(
      itemXml(
        `item-${i}`,
        `${lang} ${i}`,
        `${text} #${i}`,
        new Date(Date.UTC(2026, 10, 24, 0, 0, i)).toUTCString(),
      ),
    );
  }
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`;
}

describe('rss connector', () => {
  let feed: FakeFeed;
  before(async () => {
    feed = await new FakeFeed().start();
  });
  after(() => feed.http.stop());

  it('first sync maps the RSS 2.0 sample, including the item with neither title nor link', async () => {
    feed.publish(sample, 'Tue, 10 Jun 2003 09:41:01 GMT');
    const h = harness(connectorFor(feed));
    const result = await h.pass();
    assert.equal(result.error, undefined);
    assert.equal(h.sink.stored.size, 3);
    const star = h.sink.stored.get('rss:http://liftoff.msfc.nasa.gov/2003/06/03.html#item573')!;
    assert.equal(star.title, 'Star City');
    assert.equal(star.url, 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp');
    assert.match(star.text, /Russia's Star City\./);
    assert.equal(star.createdAt, Date.parse('Tue, 03 Jun 2003 09:39:21 GMT'));
    assert.equal(star.lang, 'en');
    const eclipse = h.sink.stored.get('rss:http://liftoff.msfc.nasa.gov/2003/05/30.html#item572')!;
    assert.equal(eclipse.title, undefined);
    // A permalink guid stands in for the missing <link>.
    assert.equal(eclipse.url, 'http://liftoff.msfc.nasa.gov/2003/05/30.html#item572');
    assert.ok(h.checkpoints.cursors.get('src_test'));
    assert.ok(h.checkpoints.health.get('src_test')?.lastSuccessAt);
  });

  it('incremental sync sends the validators, gets 304, then only the new item', async () => {
    feed.publish(sample, 'Tue, 10 Jun 2003 09:41:01 GMT');
    const h = harness(connectorFor(feed));
    await h.pass();
    feed.http.requests.length = 0;
    await h.pass();
    assert.ok(feed.http.requests[0]!.headers['if-none-match']);
    assert.equal(feed.http.requests[0]!.headers['if-modified-since'], 'Tue, 10 Jun 2003 09:41:01 GMT');
    assert.equal(h.sink.deliveries, 3, 'a 304 delivers nothing');

    const newer = sample.replace(
      '<item>',
      `${itemXml('ru-1', 'Сбой', 'Клиенты жалуются на задержки доставки', 'Wed, 11 Jun 2003 08:00:00 GMT')}<item>`,
    );
    feed.publish(newer, 'Wed, 11 Jun 2003 08:00:00 GMT');
    await h.pass();
    assert.equal(h.sink.stored.size, 4);
    assert.equal(h.sink.deliveries, 4, 'already-seen items are not sent again');
    assert.equal(h.sink.stored.get('rss:ru-1')!.text, 'Клиенты жалуются на задержки доставки');
  });

  it('reads Atom: RFC 4287 xhtml content, Google Alerts redirect unwrapped, Google News outlet kept', async () => {
    for (const [file, check] of [
      [
        'rss/atom-rfc4287-extensive.xml',
        (h: ReturnType<typeof harness>) => {
          const m = h.sink.stored.get('rss:tag:example.org,2003:3.2397')!;
          assert.equal(m.url, 'http://example.org/2005/04/02/atom');
          assert.equal(m.author?.handle, 'Mark Pilgrim');
          assert.match(m.text, /The Atom draft is finished/);
          assert.equal(m.createdAt, Date.parse('2003-12-13T08:29:29-04:00'));
        },
      ],
      [
        'rss/google-alerts.atom.xml',
        (h: ReturnType<typeof harness>) => {
          const m = [...h.sink.stored.values()][0]!;
          assert.equal(
            m.url,
            'https://www.theconcordinsider.com/2021/06/04/this-week-in-concord-history-502/',
          );
          assert.equal(m.author, undefined, 'empty <author><name> is no author');
          assert.match(m.text, /new State House/);
        },
      ],
      [
        'rss/google-news-search.rss.xml',
        (h: ReturnType<typeof harness>) => {
          const m = h.sink.stored.get('rss:CBMiogFBVV95cUxQZ3MtNXd1')!;
          assert.equal(m.raw?.outlet, 'The Guardian');
          assert.equal(m.url, 'https://news.google.com/rss/articles/CBMiogFBVV95cUxQZ3MtNXd1?oc=5');
        },
      ],
    ] as const) {
      feed.publish(fixture(file), `Thu, 01 Jan 2026 00:00:0${file.length % 10} GMT`);
      const h = harness(connectorFor(feed));
      const r = await h.pass();
      assert.equal(r.error, undefined, file);
      check(h);
    }
  });

  it('waits out a 429 with Retry-After and then reads the feed', async () => {
    feed.publish(sample, 'Tue, 10 Jun 2003 09:41:01 GMT');
    const h = harness(connectorFor(feed));
    feed.http.faults.push({ status: 429, headers: { 'retry-after': '7' }, body: 'slow down' });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.sink.stored.size, 3);
    assert.equal(h.retries[0]!.status, 429);
    assert.ok(h.retries[0]!.delayMs >= 7000, 'Retry-After is honoured');
  });

  it('reports a run of 503s as an error, keeps its cursor, and recovers on the next pass', async () => {
    feed.publish(sample, 'Tue, 10 Jun 2003 09:41:01 GMT');
    const h = harness(connectorFor(feed));
    for (let i = 0; i < 5; i++) feed.http.faults.push({ status: 503, body: 'down' });
    const failed = await h.pass();
    assert.match(failed.error ?? '', /HTTP 503/);
    assert.equal(h.sink.stored.size, 0);
    assert.equal(h.checkpoints.cursors.get('src_test'), undefined);
    assert.match(h.checkpoints.health.get('src_test')?.lastError ?? '', /503/);
    assert.deepEqual(
      h.retries.map((r) => r.status),
      [503, 503, 503, 503],
    );
    // Five failures in a row opened the circuit: the next pass does not touch the server.
    assert.equal(h.checkpoints.health.get('src_test')?.circuit, 'open');
    const before = feed.http.requests.length;
    const shortCircuited = await h.pass();
    assert.match(shortCircuited.error ?? '', /circuit open/);
    assert.equal(feed.http.requests.length, before);
    h.clock.advance(60_000);
    const recovered = await h.pass();
    assert.equal(recovered.error, undefined);
    assert.equal(h.checkpoints.health.get('src_test')?.circuit, 'closed');
    assert.equal(h.sink.stored.size, 3);
  });

  it('skips a malformed item with a log line naming the source, stores the rest; a broken document fails the pass only', async () => {
    const bad = sample.replace(
      '<item>',
      '<item><pubDate>yesterday-ish</pubDate><title>x</title></item><item>',
    );
    feed.publish(bad, 'Mon, 02 Feb 2026 00:00:00 GMT');
    const h = harness(connectorFor(feed));
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 3);
    const line = h.logs.find((l) => l.message === 'malformed item skipped')!;
    assert.equal(line.fields.sourceId, 'src_test');
    assert.match(String(line.fields.reason), /unreadable date/);

    feed.publish('<rss><channel><item><title>cut off', 'Tue, 03 Feb 2026 00:00:00 GMT');
    const broken = await h.pass();
    assert.match(broken.error ?? '', /not readable XML|neither RSS nor Atom/);
    feed.publish(sample, 'Wed, 04 Feb 2026 00:00:00 GMT');
    const again = await h.pass();
    assert.equal(again.error, undefined);
  });

  it('refuses XML entity declarations (billion laughs)', async () => {
    feed.publish(
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>',
      'Thu, 05 Feb 2026 00:00:00 GMT',
    );
    const h = harness(connectorFor(feed));
    const r = await h.pass();
    assert.match(r.error ?? '', /entities/);
  });

  it('kill -9 mid-sync, restart: every item stored exactly once', { timeout: 60_000 }, async () => {
    const total = 300;
    feed.publish(bigFeed(total), 'Fri, 06 Feb 2026 00:00:00 GMT');
    const { dataDir, sourceId } = await sourceInDataDir('rss', { url: feed.url, batchSize: 10 });
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, total);
      assert.equal(end.total, total);
      assert.equal(end.distinct, total);
      assert.ok(end.cursor, 'cursor saved after the last batch');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    void stored;
  });
});
