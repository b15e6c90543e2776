/**
 * The compiled multi-topic matcher (prefilter + index) must agree with the straightforward reference
 * evaluator on random queries and random multilingual documents.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compileQuery,
  type MatchDoc,
  matchesReference,
  QueryError,
  TopicMatcher,
} from '../../src/query/index.ts';

const words = {
  en: ['acme', 'Acme', 'ACME', 'air', 'refund', 'delay', 'strike', 'fail', 'crew'],
  he: ['אקמה', 'באקמה', 'ולאקמה', 'שבאקמה', 'עיכוב', 'החזר', 'שלום', 'קמה'],
  ru: ['Акме', 'Акмы', 'Акмой', 'акмеэйр', 'возврат', 'задержка', 'ещё', 'еще'],
  zh: ['亚克美', '航空', '延误', '退款', '失望', '亚克'],
  other: ['#AcmeFail', '#acme_air', '@acmeair', '😡', '✈️', 'acme.example'],
};
const vocabulary = Object.values(words).flat();

const queryWord = fc.oneof(
  fc.constantFrom(...vocabulary),
  fc.constantFrom('acme*', 'ac?me', 'акм*', 'אקמ*', 'ref*nd', 'Акме~', 'задержк~', 'возврат~'),
  fc.constantFrom('{Acme}', '{ACME}', '{אקמה}', '{Акме}'),
);
const phrase = fc
  .tuple(
    fc.array(fc.constantFrom(...vocabulary.filter((w) => !w.startsWith('@'))), {
      minLength: 2,
      maxLength: 3,
    }),
    fc.option(fc.integer({ min: 0, max: 6 })),
  )
  .map(([ws, n]) => `"${ws.join(' ')}"${n === null ? '' : `~${n}`}`);
const field = fc.constantFrom(
  'lang:he',
  'lang:ru',
  'language:zh',
  'followers:>1000',
  'followers:[10 TO 500]',
  'verified:true',
  'author:acme*',
  'source:reddit',
  'site:acme.example',
  'engagement:>=5',
  'title:acme',
  'title:"acme air"',
);
const leaf = fc.oneof(
  { weight: 4, arbitrary: queryWord },
  { weight: 2, arbitrary: phrase },
  { weight: 1, arbitrary: field },
);

const { query } = fc.letrec<{ query: string; near: string }>((tie) => ({
  near: fc.oneof(
    { weight: 3, arbitrary: queryWord.filter((w) => !w.includes(':')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(tie('near'), fc.integer({ min: 0, max: 5 }), fc.boolean(), tie('near'))
        .map(([a, n, f, b]) => `${a} NEAR/${n}${f ? 'f' : ''} ${b}`),
    },
  ),
  query: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'q' },
    { weight: 5, arbitrary: leaf },
    { weight: 2, arbitrary: fc.tuple(tie('query'), tie('query')).map(([a, b]) => `(${a} AND ${b})`) },
    { weight: 2, arbitrary: fc.tuple(tie('query'), tie('query')).map(([a, b]) => `(${a} OR ${b})`) },
    { weight: 2, arbitrary: fc.tuple(tie('query'), tie('query')).map(([a, b]) => `${a} ${b}`) },
    { weight: 1, arbitrary: fc.tuple(tie('query'), tie('query')).map(([a, b]) => `(${a} NOT ${b})`) },
    { weight: 1, arbitrary: tie('query').map((a) => `-(${a}) acme`) },
    { weight: 1, arbitrary: tie('near') },
  ),
}));

const separator = fc.constantFrom(' ', ' ', ', ', '', '-', '\n');
const text = fc
  .array(fc.tuple(fc.constantFrom(...vocabulary, 'the', 'и', 'של', '很', '!!'), separator), { maxLength: 14 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

const doc: fc.Arbitrary<MatchDoc> = fc.record(
  {
    text,
    title: text,
    lang: fc.constantFrom('en', 'he', 'ru', 'zh-cn'),
    source: fc.constantFrom('x', 'reddit'),
    url: fc.constantFrom('https://acme.example/a', 'https://news.example/b'),
    author: fc.record(
      {
        handle: fc.constantFrom('acme_support', 'globex', 'Акме'),
        followers: fc.integer({ min: 0, max: 5000 }),
        verified: fc.boolean(),
      },
      { requiredKeys: ['handle'] },
    ),
    engagement: fc.record({ likes: fc.nat(10), shares: fc.nat(10), replies: fc.nat(10) }),
  },
  { requiredKeys: ['text'] },
);

function compiles(q: string): boolean {
  try {
    compileQuery(q);
    return true;
  } catch (error) {
    if (error instanceof QueryError) return false;
    throw error;
  }
}

describe('compiled matcher agrees with the reference evaluator', () => {
  it('on random queries and multilingual documents', () => {
    fc.assert(
      fc.property(
        fc.array(query, { minLength: 1, maxLength: 12 }),
        fc.array(doc, { minLength: 1, maxLength: 8 }),
        (queries, docs) => {
          const valid = queries.filter(compiles);
          const matcher = new TopicMatcher(
            valid.map((q, i) => ({
              id: String(i),
              workspaceId: 'w',
              brandId: null,
              name: `t${i}`,
              query: q,
              active: true,
            })),
          );
          const compiled = valid.map((q) => compileQuery(q));
          for (const d of docs) {
            const got = new Set(matcher.match({ ...d, workspaceId: 'w' }).topicIds);
            compiled.forEach((c, i) => {
              assert.equal(
                got.has(String(i)),
                matchesReference(c, d),
                `query ${valid[i]} on ${JSON.stringify(d)}`,
              );
            });
          }
        },
      ),
      { numRuns: 400, seed: 20261125 },
    );
  });

  it('after incremental updates, as after a fresh build', () => {
    fc.assert(
      fc.property(
        fc.array(query, { minLength: 2, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(7), query, fc.boolean()), { maxLength: 6 }),
        fc.array(doc, { minLength: 1, maxLength: 4 }),
        (initial, edits, docs) => {
          const defs = new Map(
            initial.map((q, i) => [
              String(i),
              { id: String(i), workspaceId: 'w', brandId: null, name: `t${i}`, query: q, active: true },
            ]),
          );
          const matcher = new TopicMatcher(defs.values());
          for (const [slot, q, remove] of edits) {
            const id = String(slot % initial.length);
            if (remove) {
              defs.delete(id);
              matcher.remove(id);
            } else {
              const def = { id, workspaceId: 'w', brandId: null, name: `t${id}`, query: q, active: true };
              defs.set(id, def);
              matcher.upsert(def);
            }
          }
          const fresh = new TopicMatcher(defs.values());
          for (const d of docs) {
            const a = matcher.match({ ...d, workspaceId: 'w' }).topicIds.sort();
            const b = fresh.match({ ...d, workspaceId: 'w' }).topicIds.sort();
            assert.deepEqual(a, b);
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
