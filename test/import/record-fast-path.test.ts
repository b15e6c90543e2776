/**
 * normaliseRecord takes a fast path for clean records (bench/ingest); it must accept exactly what the
 * zod schema accepts and produce the same values. Checked on generated records full of edge cases.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { normaliseRecord, parseIsoDate, recordSchema } from '../../src/domain/record.ts';

const edgyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'x',
    ' x',
    'x ',
    '\u00a0אקמה',
    'Акме\u2028',
    '航空',
    'a'.repeat(70),
    'reddit',
    'X',
    '-bad',
  ),
  fc.string({ maxLength: 20 }),
);
const edgyNumber = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.NaN,
    1795597320000,
  ),
  fc.integer(),
);
const value = fc.oneof(edgyString, edgyNumber, fc.constant(null), fc.constant(undefined), fc.boolean());
const count = fc.oneof(edgyNumber, fc.constantFrom('', null, undefined, '5'));
const date = fc.oneof(
  fc.constantFrom(
    '2026-11-25T09:00:00Z',
    '2026-11-25 09:00',
    ' 2026-11-25T09:00:00Z',
    '2026-13-45T09:00:00Z',
    'yesterday',
    '2026-11-25',
  ),
  edgyNumber,
);

/** Mostly the valid value, sometimes an edge case: both sides of the schema get exercised. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: edge });

const record = fc.record(
  {
    source: mostly(fc.constantFrom('x', 'reddit', 'X', 'news.site'), edgyString),
    id: mostly(fc.constantFrom('1', 'abc', 'ид-1'), fc.oneof(edgyString, edgyNumber)),
    text: mostly(
      fc.constantFrom('Acme Air lost my bag', 'אקמה אייר', 'Акме Эйр', '航空', ''),
      fc.oneof(edgyString, fc.constant(undefined)),
    ),
    createdAt: mostly(
      fc.constantFrom('2026-11-25T09:00:00Z', '2026-11-25T09:00:00+02:00', 1795597320000),
      date,
    ),
    url: mostly(fc.constantFrom(undefined, 'https://x.com/a/status/1'), value),
    title: mostly(fc.constant(undefined), value),
    lang: mostly(fc.constantFrom(undefined, 'en', 'HE'), value),
    country: mostly(fc.constantFrom(undefined, 'IL'), value),
    parentId: mostly(fc.constantFrom(undefined, 'p1'), fc.oneof(value, edgyNumber)),
    author: mostly(
      fc.constantFrom(
        undefined,
        { handle: 'dana' },
        { handle: 'ivan', name: 'Иван', followers: 12, verified: false },
      ),
      fc.oneof(
        value,
        fc.record({ handle: value, name: value, followers: count, verified: value }, { requiredKeys: [] }),
      ),
    ),
    engagement: mostly(
      fc.constantFrom(undefined, { likes: 1, shares: 0, replies: 3 }, { likes: 2 }),
      fc.oneof(value, fc.record({ likes: count, shares: count, replies: count }, { requiredKeys: [] })),
    ),
    extra: value,
  },
  { requiredKeys: ['source', 'id', 'text', 'createdAt'] },
);

it('the fast path of normaliseRecord agrees with the schema on every generated record', () => {
  let accepted = 0;
  fc.assert(
    fc.property(record, (input) => {
      const result = normaliseRecord(input, 'ws');
      const parsed = recordSchema.safeParse(input);
      assert.equal(
        result.ok,
        parsed.success &&
          (typeof parsed.data.createdAt === 'number' || !Number.isNaN(parseIsoDate(parsed.data.createdAt))),
      );
      if (!result.ok || !parsed.success) return;
      accepted++;
      const r = parsed.data;
      const m = result.mention;
      assert.equal(m.source, r.source.toLowerCase());
      assert.equal(m.externalId, r.id);
      assert.equal(m.createdAt, typeof r.createdAt === 'number' ? r.createdAt : parseIsoDate(r.createdAt));
      assert.equal(m.url, r.url || undefined);
      assert.equal(m.lang, r.lang ? r.lang.toLowerCase() : undefined);
      assert.equal(m.country, r.country || undefined);
      assert.equal(m.parentId, r.parentId || undefined);
      assert.equal(m.author?.handle, r.author?.handle);
      assert.equal(m.author?.followers, r.author?.followers);
      assert.equal(m.author?.verified, r.author?.verified);
      if (r.engagement) {
        assert.deepEqual(m.engagement, {
          likes: r.engagement.likes ?? 0,
          shares: r.engagement.shares ?? 0,
          replies: r.engagement.replies ?? 0,
        });
      }
    }),
    { numRuns: 3_000, seed: 20261125 },
  );
  // The generator must reach the accepting side too, or the agreement above says little.
  assert.ok(accepted > 100, `only ${accepted} generated records were valid`);
});
