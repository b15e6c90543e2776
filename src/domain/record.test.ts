import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseRecord, parseIsoDate } from './record.ts';

describe('native record dates', () => {
  it('reads a time without a zone as UTC, on any machine', () => {
    assert.equal(parseIsoDate('2026-11-25T10:00'), Date.UTC(2026, 10, 25, 10, 0));
    assert.equal(parseIsoDate('2026-11-25 10:00:30'), Date.UTC(2026, 10, 25, 10, 0, 30));
    assert.equal(parseIsoDate('2026-11-25'), Date.UTC(2026, 10, 25));
    assert.equal(parseIsoDate('2026-11-25T12:00:00+02:00'), Date.UTC(2026, 10, 25, 10, 0));
  });

  it('refuses impossible calendar dates and other formats', () => {
    for (const bad of [
      '2026-02-30T10:00:00Z',
      '2026-13-01',
      '25/11/2026',
      'yesterday',
      '2026-11-25T25:00:00Z',
    ]) {
      assert.ok(Number.isNaN(parseIsoDate(bad)), bad);
    }
    const result = normaliseRecord(
      { source: 'x', id: '1', text: 'אקמה', createdAt: '2026-02-30T10:00:00Z' },
      'ws',
    );
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /^createdAt: must be an ISO 8601 date/);
  });
});
