import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { importFile } from '../../src/import/index.ts';
import { type ImportTestApp, openImportApp, texts } from './app.ts';

const fixtures = '/work/shared/fixtures/connectors/import';

describe('importing each supported layout', () => {
  let t: ImportTestApp;
  before(async () => {
    t = await openImportApp();
  });
  after(() => t.close());

  const run = (path: string, format?: 'auto' | 'jsonl' | 'csv' | 'brandwatch' | 'talkwalker' | 'meltwater') =>
    importFile(path, { sink: t.app.pipeline, origin: { workspaceId: t.workspaceId }, format });
  const get = (source: string, id: string) => t.app.store.mentions.get(t.workspaceId, source, id);

  it('stores native JSONL records with every field, keeping unknown fields as raw attributes', async () => {
    const path = t.file(
      'native.jsonl',
      [
        {
          source: 'x',
          id: 'n1',
          text: texts.en,
          createdAt: '2026-11-25T09:00:00Z',
          url: 'https://x.com/jane/status/n1',
          author: { handle: 'jane', name: 'Jane Doe', followers: 1200, verified: true },
          lang: 'en',
          country: 'IL',
          engagement: { likes: 3, shares: 1, replies: 2 },
          campaign: 'winter',
        },
        {
          source: 'x',
          id: 'n2',
          text: texts.he,
          createdAt: '2026-11-25T09:01:00Z',
          parentId: 'n1',
          lang: 'he',
        },
        { source: 'vk', id: 'n3', text: texts.ru, createdAt: 1795597320000, lang: 'ru' },
        { source: 'weibo', id: 'n4', text: texts.zh, createdAt: '2026-11-25T09:03:00+08:00', lang: 'zh' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const s = await run(path);
    assert.equal(s.format, 'jsonl');
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [4, 4, 0]);
    const m = await get('x', 'n1');
    assert.equal(m?.text, texts.en);
    assert.deepEqual(m?.author, { handle: 'jane', name: 'Jane Doe', followers: 1200, verified: true });
    assert.deepEqual(m?.engagement, { likes: 3, shares: 1, replies: 2 });
    assert.deepEqual(m?.raw, { campaign: 'winter' });
    assert.equal((await get('x', 'n2'))?.parentId, 'n1');
    assert.equal((await get('vk', 'n3'))?.createdAt, 1795597320000);
    assert.equal((await get('weibo', 'n4'))?.createdAt, Date.parse('2026-11-25T01:03:00Z'));
  });

  it('stores native CSV with dotted columns, quoted multi-line text and unknown columns as raw', async () => {
    const csv = [
      'source,id,text,createdAt,author.handle,author.followers,author.verified,lang,engagement.likes,campaign',
      `x,c1,"${texts.en}, again",2026-11-25T10:00:00Z,jane,"12,500",true,en,7,winter`,
      `telegram,c2,"${texts.ru}\nвторая строка ""в кавычках""",2026-11-25T10:01:00Z,ivan,300,no,ru,,`,
      `x,c3,${texts.he},2026-11-25T10:02:00Z,dana,,,he,1,`,
    ].join('\n');
    const s = await run(t.file('native.csv', csv));
    assert.equal(s.format, 'csv');
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [3, 3, 0], JSON.stringify(s.rejected));
    const c1 = await get('x', 'c1');
    assert.equal(c1?.text, `${texts.en}, again`);
    assert.equal(c1?.author?.followers, 12_500);
    assert.equal(c1?.author?.verified, true);
    assert.deepEqual(c1?.raw, { campaign: 'winter' });
    const c2 = await get('telegram', 'c2');
    assert.equal(c2?.text, `${texts.ru}\nвторая строка "в кавычках"`);
    assert.equal(c2?.author?.verified, false);
    assert.equal((await get('x', 'c3'))?.text, texts.he);
  });

  it('finds a Brandwatch header below the report metadata and maps identity, platform and engagement', async () => {
    const header =
      'Query Id,Query Name,Date,Title,Snippet,Url,Mention Id,Resource Id,Full Text,Author,Full Name,Page Type,Language,Country Code,X Followers,X Likes,X Reposts,X Replies,Sentiment,Reach (new),Parent Post Id';
    const csv = [
      'Brandwatch Consumer Research,,,',
      'Report:,Acme Air mentions',
      'Date Range:,2026-11-24 - 2026-11-25',
      'Generated:,2026-11-25 10:00:00',
      'Query:,"Acme Air" OR אקמה OR Акме',
      '',
      header,
      `2001,Acme Air,2026-11-25 08:15:42.123,,${texts.en},https://x.com/jane/status/111,111,r-111,${texts.en},jane,Jane Doe,twitter,en,IL,"1,234",10,4,2,negative,"5,000",`,
      `2001,Acme Air,2026-11-25 08:16:00,Отзыв,"${texts.ru}",https://www.reddit.com/r/travel/comments/abc/x/def,,r-222,,ivan_p,,reddit,ru,RU,,,,,negative,,`,
      `2001,Acme Air,2026-11-25 08:17:00,新闻,${texts.zh},https://news.example.cn/a/1,,,${texts.zh},,,news,zh,CN,,,,,neutral,,`,
    ].join('\r\n');
    const s = await run(t.file('brandwatch.csv', `\uFEFF${csv}`));
    assert.equal(s.format, 'brandwatch');
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [3, 3, 0], JSON.stringify(s.rejected));
    const x = await get('x', '111');
    assert.equal(x?.createdAt, Date.parse('2026-11-25T08:15:42.123Z'));
    assert.equal(x?.author?.followers, 1234);
    assert.deepEqual(x?.engagement, { likes: 10, shares: 4, replies: 2 });
    assert.equal(x?.raw?.Sentiment, 'negative');
    assert.equal(x?.raw?.['Reach (new)'], '5,000');
    // No Mention Id: Resource Id; no Full Text: Snippet.
    const reddit = await get('reddit', 'r-222');
    assert.equal(reddit?.text, texts.ru);
    assert.equal(reddit?.title, 'Отзыв');
    // Neither id: the Url.
    const news = await get('news', 'https://news.example.cn/a/1');
    assert.equal(news?.text, texts.zh);
    assert.equal(news?.lang, 'zh');
  });

  it('reads the real Talkwalker streaming API sample, skipping control chunks', async () => {
    const s = await run(`${fixtures}/talkwalker-streaming-api-results.ndjson`);
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [2, 2, 0], JSON.stringify(s.rejected));
    const reddit = await get(
      'reddit',
      'http://www.reddit.com/r/europe/comments/16ykvwa/putins_pals_brag_elon_musk_really_is_our_agent/k39wgb4',
    );
    assert.equal(reddit?.createdAt, 1696336284000);
    assert.equal(reddit?.author?.handle, 'Latter_Bullfrog247');
    assert.equal(
      reddit?.parentId,
      'http://www.reddit.com/r/europe/comments/16ykvwa/putins_pals_brag_elon_musk_really_is_our_agent/',
    );
    assert.equal(reddit?.country, 'US');
    assert.equal(reddit?.raw?.sentiment, -5);
    const news = await get(
      'news',
      'https://www.scribd.com/document/674870406/Elon-Musk-Sued-For-Defamation-After-Accusing-Student-Of-Being-Federal-Agent-Posing-As-Neo-Nazi',
    );
    assert.equal(news?.engagement?.shares, 141);
  });

  it('reads a Talkwalker CSV export with dotted keys', async () => {
    const csv = [
      'url,published,title,content,lang,extra_author_attributes.name,extra_author_attributes.short_name,extra_source_attributes.world_data.country_code,source_type,article_extended_attributes.twitter_likes,article_extended_attributes.twitter_retweets,sentiment,reach',
      `https://twitter.com/dana/status/9,1764061200000,,${texts.he},he,Dana Levi,dana,il,SOCIALMEDIA_TWITTER,"1,204",33,-3,9000`,
      `https://vk.com/wall-1_2,1764061260000,,"${texts.ru}",ru,Иван,ivan,ru,SOCIALMEDIA_VKONTAKTE,,,-2,100`,
    ].join('\n');
    const s = await run(t.file('talkwalker.csv', csv));
    assert.equal(s.format, 'talkwalker');
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [2, 2, 0], JSON.stringify(s.rejected));
    const x = await get('x', 'https://twitter.com/dana/status/9');
    assert.equal(x?.text, texts.he);
    assert.equal(x?.author?.handle, 'dana');
    assert.equal(x?.author?.name, 'Dana Levi');
    assert.deepEqual(x?.engagement, { likes: 1204, shares: 33, replies: 0 });
    assert.equal(x?.country, 'IL');
    assert.equal((await get('vk', 'https://vk.com/wall-1_2'))?.text, texts.ru);
  });

  it('reads Meltwater exports with the real 2022 header and the 2025 variant, in UTF-16 with tabs', async () => {
    for (const [name, offset] of [
      ['meltwater-export-header-2022.csv', 0],
      ['meltwater-export-header-variant-2025.csv', 1],
    ] as const) {
      const header = readFileSync(`${fixtures}/${name}`, 'utf8').trim().split(',');
      const row = (values: Record<string, string>) => header.map((h) => values[h] ?? '').join('\t');
      const lines = [
        header.join('\t'),
        row({
          Date: `2${offset}-Nov-2026 09:15AM`,
          Headline: 'Acme Air',
          URL: `https://x.com/dana/status/7${offset}`,
          'Opening Text': texts.he,
          Source: 'Twitter',
          Influencer: 'Dana Levi',
          'Twitter Screen Name': '@dana',
          'Tweet Id': `7${offset}`,
          'Twitter Followers': '2,500',
          Language: 'Hebrew',
          Country: 'Israel',
          Sentiment: 'Negative',
        }),
        row({
          Date: `2${offset}-Nov-2026`,
          Time: '03:20 PM',
          Headline: '航班延误',
          URL: `https://news.example.cn/m/${offset}`,
          'Opening Text': texts.zh,
          Source: 'Example News',
          Language: 'Chinese',
          Reach: '1,000,000',
        }),
      ];
      const utf16 = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le'),
      ]);
      const s = await run(t.file(name, utf16));
      assert.equal(s.format, 'meltwater');
      assert.equal(s.encoding, 'utf-16le');
      assert.deepEqual([s.read, s.stored, s.rejectedCount], [2, 2, 0], JSON.stringify(s.rejected));
      // The 2025 layout has no Tweet Id / Twitter columns: the URL is the identity, Influencer the author.
      const has2022Columns = header.includes('Tweet Id');
      const x = await get('x', has2022Columns ? `7${offset}` : `https://x.com/dana/status/7${offset}`);
      assert.equal(x?.text, texts.he);
      assert.equal(x?.author?.handle, has2022Columns ? 'dana' : 'Dana Levi');
      assert.equal(x?.author?.followers, has2022Columns ? 2500 : undefined);
      assert.equal(x?.lang, 'he');
      assert.equal(x?.createdAt, Date.parse(`2026-11-2${offset}T09:15:00Z`));
      const news = await get('news', `https://news.example.cn/m/${offset}`);
      // Only the 2022 layout has a separate Time column.
      const time = header.includes('Time') ? '15:20' : '00:00';
      assert.equal(news?.createdAt, Date.parse(`2026-11-2${offset}T${time}:00Z`));
      assert.equal(news?.raw?.Reach, '1,000,000');
    }
  });

  it('reads bare Talkwalker documents with --format talkwalker, and a semicolon-separated native CSV', async () => {
    const doc = {
      url: 'https://t.me/acmeair/77',
      published: 1764061500000,
      content: texts.ru,
      lang: 'ru',
      extra_author_attributes: { name: 'Acme Air Fans', short_name: 'acmeair' },
      source_type: ['SOCIALMEDIA_TELEGRAM'],
    };
    const tw = await run(t.file('docs.jsonl', JSON.stringify(doc)), 'talkwalker');
    assert.deepEqual([tw.format, tw.stored], ['talkwalker', 1]);
    assert.equal((await get('telegram', 'https://t.me/acmeair/77'))?.author?.handle, 'acmeair');

    const semi = await run(
      t.file('semi.csv', `source;id;text;createdAt\nx;semi-1;${texts.zh}，好;2026-11-25T09:00:00Z\n`),
    );
    assert.deepEqual([semi.format, semi.stored], ['csv', 1]);
    assert.equal((await get('x', 'semi-1'))?.text, `${texts.zh}，好`);
  });

  it('lets --format override detection, and refuses a file it cannot recognise', async () => {
    const path = t.file('plain.csv', 'a,b,c\n1,2,3\n');
    await assert.rejects(run(path), /Could not recognise the file/);
    await assert.rejects(
      run(t.file('bw.csv', 'id,text,createdAt\n1,x,2026-01-01\n'), 'brandwatch'),
      /brandwatch header/,
    );
  });
});
