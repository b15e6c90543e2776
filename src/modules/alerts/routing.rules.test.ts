import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inHours, localTime, type RoutingRule, routeChannels, routingRuleSchema } from './routing.rules.ts';

const rule = (id: string, input: Record<string, unknown>): RoutingRule => ({
  id,
  ...routingRuleSchema.parse({ name: id, channelIds: [`ch_${id}`], ...input }),
});

// 2026-11-25 is a Wednesday. 06:30 UTC = 08:30 in Jerusalem (UTC+2), 09:30 in Moscow, 14:30 in Shanghai.
const morningUtc = Date.UTC(2026, 10, 25, 6, 30);

describe('routing rules', () => {
  it('reads the hour and weekday in the brand time zone', () => {
    assert.deepEqual(localTime(morningUtc, 'Asia/Jerusalem'), { hour: 8, weekday: 3 });
    assert.deepEqual(localTime(morningUtc, 'Europe/Moscow'), { hour: 9, weekday: 3 });
    assert.deepEqual(localTime(morningUtc, 'Asia/Shanghai'), { hour: 14, weekday: 3 });
    assert.deepEqual(localTime(Date.UTC(2026, 10, 25, 23, 30), 'Asia/Shanghai'), { hour: 7, weekday: 4 });
  });

  it('hour ranges wrap midnight', () => {
    const night = { fromHour: 22, toHour: 7 };
    assert.deepEqual(
      [21, 22, 23, 0, 6, 7].map((h) => inHours(h, night)),
      [false, true, true, true, true, false],
    );
    assert.deepEqual(
      [8, 9, 17, 18].map((h) => inHours(h, { fromHour: 9, toHour: 18 })),
      [false, true, true, false],
    );
  });

  it('routes by brand, severity and local office hours', () => {
    const rules = [
      rule('office', { hours: { fromHour: 9, toHour: 18 }, days: [0, 1, 2, 3, 4] }),
      rule('critical', { minSeverity: 4 }),
      rule('other-brand', { brandIds: ['brd_other'] }),
    ];
    const base = { brandId: 'brd_air', severity: 2 as const, at: morningUtc, tier: 0 };
    assert.deepEqual(routeChannels(rules, { ...base, timeZone: 'Europe/Moscow' }).channelIds, ['ch_office']);
    assert.deepEqual(
      routeChannels(rules, { ...base, timeZone: 'Asia/Jerusalem' }).channelIds,
      [],
      '08:30 is before office hours',
    );
    assert.deepEqual(routeChannels(rules, { ...base, severity: 4, timeZone: 'Asia/Jerusalem' }).channelIds, [
      'ch_critical',
    ]);
    assert.deepEqual(routeChannels(rules, { ...base, brandId: null, timeZone: 'UTC' }).channelIds, []);
  });

  it('escalation tiers reach their own rules, and fall back to tier 0 when a tier has none', () => {
    const rules = [rule('first', {}), rule('manager', { tier: 1 })];
    const q = { brandId: 'brd_air', severity: 3 as const, at: morningUtc, timeZone: 'UTC' };
    assert.deepEqual(routeChannels(rules, { ...q, tier: 0 }).channelIds, ['ch_first']);
    assert.deepEqual(routeChannels(rules, { ...q, tier: 1 }).channelIds, ['ch_manager']);
    assert.deepEqual(routeChannels(rules, { ...q, tier: 2 }).channelIds, ['ch_first']);
  });

  it('notifies each channel once even when several rules name it', () => {
    const rules = [rule('a', { channelIds: ['ch_1', 'ch_2'] }), rule('b', { channelIds: ['ch_2', 'ch_3'] })];
    const got = routeChannels(rules, { brandId: 'b', severity: 1, at: morningUtc, timeZone: 'UTC', tier: 0 });
    assert.deepEqual(got.channelIds, ['ch_1', 'ch_2', 'ch_3']);
  });

  it('refuses an empty hour range and a rule without channels', () => {
    assert.equal(
      routingRuleSchema.safeParse({ name: 'x', channelIds: ['c'], hours: { fromHour: 5, toHour: 5 } })
        .success,
      false,
    );
    assert.equal(routingRuleSchema.safeParse({ name: 'x', channelIds: [] }).success, false);
  });
});
