import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  languageCode,
  parseBool,
  parseCount,
  parseVendorDate,
  platformFromUrl,
  sourceSlug,
} from './values.ts';

describe('vendor values', () => {
  it('reads counts with the thousands separators and suffixes spreadsheets write', () => {
    assert.equal(parseCount('1,234,567'), 1_234_567);
    assert.equal(parseCount('1 234'), 1234);
    assert.equal(parseCount('1\u00a0234'), 1234);
    assert.equal(parseCount('1.234.567'), 1_234_567);
    assert.equal(parseCount("12'500"), 12_500);
    assert.equal(parseCount('1.5K'), 1500);
    assert.equal(parseCount('3M'), 3_000_000);
    assert.equal(parseCount('12.4'), 12);
    assert.equal(parseCount(''), undefined);
    assert.equal(parseCount('n/a'), undefined);
    assert.equal(parseCount('-5'), null);
    assert.equal(parseCount('many'), null);
  });

  it('reads flags', () => {
    assert.equal(parseBool('TRUE'), true);
    assert.equal(parseBool('no'), false);
    assert.equal(parseBool('Verified'), true);
    assert.equal(parseBool('perhaps'), undefined);
  });

  it("reads the vendors' date layouts as UTC", () => {
    assert.equal(parseVendorDate('2026-11-25 08:15:42.123'), '2026-11-25T08:15:42.123Z');
    assert.equal(parseVendorDate('2026-11-25T10:15:42+02:00'), '2026-11-25T08:15:42.000Z');
    assert.equal(parseVendorDate('25-Nov-2026 03:15PM'), '2026-11-25T15:15:00.000Z');
    assert.equal(parseVendorDate('25-Nov-26', '12:05 AM'), '2026-11-25T00:05:00.000Z');
    assert.equal(parseVendorDate('Nov 25, 2026', '15:20'), '2026-11-25T15:20:00.000Z');
    assert.equal(parseVendorDate('11/25/2026 09:00'), '2026-11-25T09:00:00.000Z');
    assert.equal(parseVendorDate('25/11/2026'), '2026-11-25T00:00:00.000Z');
    assert.equal(parseVendorDate('1796000000'), 1_796_000_000_000);
    assert.equal(parseVendorDate(1696336284000), 1696336284000);
    assert.equal(parseVendorDate('2026-02-30 10:00:00'), undefined);
    assert.equal(parseVendorDate('вчера'), undefined);
  });

  it('tells platforms from URLs and labels, and makes any label a valid source name', () => {
    assert.equal(platformFromUrl('https://twitter.com/a/status/1'), 'x');
    assert.equal(platformFromUrl('https://old.reddit.com/r/travel'), 'reddit');
    assert.equal(platformFromUrl('https://t.me/acmeair/5'), 'telegram');
    assert.equal(platformFromUrl('https://www.haaretz.co.il/news'), undefined);
    assert.equal(platformFromUrl('not a url'), undefined);
    assert.equal(sourceSlug('Review Sites'), 'review-sites');
    assert.equal(sourceSlug('  ***  '), undefined);
    assert.equal(languageCode('Hebrew'), 'he');
    assert.equal(languageCode('zh'), 'zh');
  });
});
