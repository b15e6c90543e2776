import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { limits } from '../../src/domain/record.ts';
import { importFile } from '../../src/import/index.ts';
import { type ImportTestApp, openImportApp, texts } from './app.ts';

const rec = (id: string, text: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ source: 'x', id, text, createdAt: '2026-11-25T09:00:00Z', ...extra });

describe('bad input: each bad line is rejected with its number and reason, the rest is stored', () => {
  let t: ImportTestApp;
  before(async () => {
    t = await openImportApp();
  });
  after(() => t.close());

  const run = (path: string, dryRun = false) =>
    importFile(path, { sink: t.app.pipeline, origin: { workspaceId: t.workspaceId }, dryRun });
  const get = (id: string) => t.app.store.mentions.get(t.workspaceId, 'x', id);

  it('reads UTF-8 with a BOM, UTF-16 LE and BE with a BOM, and CRLF line ends', async () => {
    const body = [rec('bom1', texts.he), rec('bom2', texts.zh)].join('\r\n');
    const files = {
      utf8: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
      le: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]),
      be: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(body, 'utf16le').swap16()]),
    };
    for (const [name, bytes] of Object.entries(files)) {
      const s = await run(t.file(`${name}.jsonl`, bytes));
      assert.equal(s.rejectedCount, 0, `${name}: ${JSON.stringify(s.rejected)}`);
      assert.equal(s.read, 2);
    }
    assert.equal((await get('bom1'))?.text, texts.he);
    assert.equal((await get('bom2'))?.text, texts.zh);
  });

  it('rejects a line of invalid UTF-8 by number and keeps the lines around it', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${rec('u1', texts.ru)}\n`),
      Buffer.from('{"source":"x","id":"u2","text":"caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","createdAt":"2026-11-25T09:00:00Z"}\n'),
      Buffer.from(`${rec('u3', texts.he)}\n`),
    ]);
    const s = await run(t.file('invalid-utf8.jsonl', bytes));
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [3, 2, 1]);
    assert.equal(s.rejected[0]?.line, 2);
    assert.match(s.rejected[0]!.reason, /not valid UTF-8.*column 36/);
    assert.equal(await get('u2'), undefined);
  });

  it('rejects malformed JSON, non-objects and missing or wrong required fields with the field path', async () => {
    const lines = [
      rec('j1', texts.en),
      '{"source":"x","id":"j2","text":"unterminated',
      '[1,2,3]',
      JSON.stringify({ source: 'x', id: 'j4', createdAt: '2026-11-25T09:00:00Z' }),
      JSON.stringify({ source: 'x', id: 'j5', text: texts.zh, createdAt: 'yesterday' }),
      JSON.stringify({ id: 'j6', text: texts.ru, createdAt: '2026-11-25T09:00:00Z' }),
      '',
      '   ',
      rec('j9', texts.he, { author: { name: 'no handle' } }),
      rec('j10', texts.en),
    ];
    const s = await run(t.file('malformed.jsonl', lines.join('\n')));
    assert.equal(s.read, 8, 'blank lines hold no record and are not counted');
    assert.equal(s.stored, 2);
    const byLine = new Map(s.rejected.map((r) => [r.line, r.reason]));
    assert.deepEqual([...byLine.keys()], [2, 3, 4, 5, 6, 9]);
    assert.match(byLine.get(2)!, /invalid JSON/);
    assert.match(byLine.get(3)!, /must be a JSON object/);
    assert.match(byLine.get(4)!, /^text:/);
    assert.match(byLine.get(5)!, /^createdAt:.*ISO 8601/);
    assert.match(byLine.get(6)!, /^source:/);
    assert.match(byLine.get(9)!, /^author\.handle:/);
  });

  it('rejects a line over the size limit and a text over the text limit without losing the file', async () => {
    const huge = 'ж'.repeat(limits.lineBytes); // 2 bytes each: twice the line limit
    const long = 'a'.repeat(limits.textChars + 1);
    const s = await run(
      t.file(
        'huge.jsonl',
        [rec('h1', texts.zh), rec('h2', huge), rec('h3', long), rec('h4', texts.he)].join('\n'),
      ),
    );
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [4, 2, 2]);
    assert.equal(s.rejected[0]?.line, 2);
    assert.match(s.rejected[0]!.reason, /longer than the limit/);
    assert.equal(s.rejected[1]?.line, 3);
    assert.match(s.rejected[1]!.reason, /^text: must be at most/);
    assert.equal((await get('h4'))?.text, texts.he);
  });

  it('reads counts with thousands separators and rejects counts that are not numbers (CSV)', async () => {
    const csv = [
      'source,id,text,createdAt,author.handle,author.followers,engagement.likes,engagement.shares',
      `x,k1,${texts.he},2026-11-25T09:00:00Z,dana,"1,234,567",1 204,1.5K`,
      `x,k2,"${texts.ru}",2026-11-25T09:00:00Z,ivan,12.345,many,0`,
    ].join('\n');
    const s = await run(t.file('counts.csv', csv));
    assert.deepEqual([s.read, s.stored, s.rejectedCount], [2, 1, 1]);
    const k1 = await get('k1');
    assert.equal(k1?.author?.followers, 1_234_567);
    assert.deepEqual(k1?.engagement, { likes: 1204, shares: 1500, replies: 0 });
    assert.deepEqual(s.rejected[0], { line: 3, reason: 'engagement.likes: "many" is not a whole number' });
  });

  it('rejects malformed CSV rows (wrong field count, stray quotes, a quote never closed) and resumes after them', async () => {
    const csv = [
      'source,id,text,createdAt',
      `x,m1,"${texts.en}",2026-11-25T09:00:00Z`,
      `x,m2,too,many,fields,2026-11-25T09:00:00Z`,
      `x,m3,"closed"then text,2026-11-25T09:00:00Z`,
      `x,m4,"${texts.he}\nשורה שנייה",2026-11-25T09:00:00Z`,
      `x,m5,"never closed,2026-11-25T09:00:00Z`,
      `x,m6,${texts.zh},2026-11-25T09:00:00Z`,
      `x,m7,"${texts.ru}",2026-11-25T09:00:00Z`,
    ].join('\n');
    const s = await run(t.file('malformed.csv', csv));
    const lines = s.rejected.map((r) => r.line);
    // m4 spans lines 5-6; the quote opened on line 7 never closes: line 7 is rejected and lines 8-9 re-read.
    assert.deepEqual(lines, [3, 4, 7]);
    assert.match(s.rejected[0]!.reason, /the row has 6 fields, the header has 4/);
    assert.match(s.rejected[1]!.reason, /after a closing quote/);
    assert.match(s.rejected[2]!.reason, /never closed/);
    assert.equal(s.stored, 4);
    assert.equal((await get('m4'))?.text, `${texts.he}\nשורה שנייה`);
    assert.equal((await get('m6'))?.text, texts.zh);
    assert.equal((await get('m7'))?.text, texts.ru);
  });

  it('dry run validates and counts but stores nothing', async () => {
    const path = t.file(
      'dry.jsonl',
      [rec('d1', texts.en), rec('d1', texts.en), rec('d2', texts.he), '{oops'].join('\n'),
    );
    const s = await run(path, true);
    assert.deepEqual(
      [s.dryRun, s.read, s.stored, s.valid, s.duplicates, s.rejectedCount],
      [true, 4, 0, 2, 1, 1],
    );
    assert.equal(await get('d1'), undefined);
  });

  it('re-importing the same file stores nothing new', async () => {
    const path = t.file(
      'again.jsonl',
      Object.values(texts)
        .map((text, i) => rec(`again-${i}`, text))
        .join('\n'),
    );
    const first = await run(path);
    const before = await t.app.store.mentions.count(t.workspaceId);
    const second = await run(path);
    assert.deepEqual([first.stored, first.duplicates], [4, 0]);
    assert.deepEqual([second.read, second.stored, second.duplicates], [4, 0, 4]);
    assert.equal(await t.app.store.mentions.count(t.workspaceId), before);
  });
});
