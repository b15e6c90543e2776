import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileQuery,
  matchesDoc,
  matchesReference,
  QueryError,
  TopicMatcher,
} from '../../src/query/index.ts';
import { errorCases, matchCases, referencedTopics } from './conformance.cases.ts';

const lookup = (name: string) => referencedTopics[name.toLowerCase()];

describe('query conformance: matching', () => {
  // One matcher holding every case's query at once, as production does, plus the referenced topics.
  const matcher = new TopicMatcher([
    ...matchCases.map((c, i) => ({
      id: `case-${i}`,
      workspaceId: 'w1',
      brandId: null,
      name: `case ${i}`,
      query: c.query,
      active: true,
    })),
    ...Object.entries(referencedTopics).map(([name, query]) => ({
      id: `ref-${name}`,
      workspaceId: 'w1',
      brandId: null,
      name,
      query,
      active: false,
    })),
  ]);

  matchCases.forEach((c, i) => {
    it(`${c.name}: ${c.query} ${c.match ? 'matches' : 'does not match'}`, () => {
      const doc = typeof c.doc === 'string' ? { text: c.doc } : c.doc;
      const q = compileQuery(c.query, lookup);
      assert.equal(matchesReference(q, doc), c.match, 'reference evaluator');
      assert.equal(matchesDoc(q, doc), c.match, 'compiled evaluator');
      const found = matcher.match({ ...doc, workspaceId: 'w1' }).topicIds.includes(`case-${i}`);
      assert.equal(found, c.match, 'multi-topic matcher with prefilter');
    });
  });

  it('has at least 150 cases covering English, Hebrew, Russian and Chinese', () => {
    assert.ok(matchCases.length + errorCases.length >= 150, `${matchCases.length + errorCases.length} cases`);
    for (const prefix of ['en ', 'he ', 'ru ', 'zh ']) {
      assert.ok(matchCases.filter((c) => c.name.startsWith(prefix)).length >= 15, prefix);
    }
  });
});

describe('query conformance: errors', () => {
  for (const c of errorCases) {
    it(`${c.name} is refused with a position and an explanation`, () => {
      assert.throws(
        () => compileQuery(c.query, lookup),
        (error: unknown) => {
          assert.ok(error instanceof QueryError, `expected a QueryError, got ${String(error)}`);
          assert.ok(error.message.includes(c.message), `message "${error.message}" lacks "${c.message}"`);
          if (c.column !== undefined) {
            assert.equal(error.column, c.column, error.message);
            assert.ok(error.message.endsWith(`at ${c.column}`), error.message);
          }
          return true;
        },
      );
    });
  }
});
