import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedMap } from './bounded-map.ts';

describe('BoundedMap', () => {
  it('stays under its cap, forgetting the oldest unused first', () => {
    const m = new BoundedMap<string, number>(3);
    for (const k of ['a', 'b', 'c']) m.set(k, 1);
    m.set('d', 1);
    assert.equal(m.size, 3);
    assert.equal(m.has('a'), false);
    assert.deepEqual(
      ['b', 'c', 'd'].map((k) => m.has(k)),
      [true, true, true],
    );
  });

  it('gives a used entry a second chance; peek is not a use', () => {
    const m = new BoundedMap<string, number>(3);
    for (const k of ['a', 'b', 'c']) m.set(k, 1);
    assert.equal(m.get('a'), 1);
    assert.equal(m.peek('b'), 1);
    m.set('d', 1);
    assert.equal(m.has('a'), true, 'used: kept');
    assert.equal(m.has('b'), false, 'only peeked: forgotten');
    m.set('a', 2);
    assert.equal(m.peek('a'), 2);
  });

  it('keeps a key deleted and set again at its new place', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 1);
    m.delete('a');
    m.set('a', 2);
    m.set('c', 1);
    assert.equal(m.has('b'), false, 'b is now the oldest');
    assert.equal(m.peek('a'), 2);
  });

  it('keeps one hot key among a stream of one-off keys, and its queue bounded', () => {
    const m = new BoundedMap<string, number>(100);
    for (let i = 0; i < 100_000; i++) {
      m.set(`once${i}`, i);
      m.get('hot') ?? m.set('hot', 0);
      if (i % 3 === 0) m.delete(`once${i}`);
      assert.ok(m.size <= 100);
    }
    assert.equal(m.has('hot'), true);
    assert.ok((m as unknown as { orderKeys: unknown[] }).orderKeys.length < 2 * 100 + 2_048);
  });
});
