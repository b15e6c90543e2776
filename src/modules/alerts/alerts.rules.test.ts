import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertStatus, Signal, SignalType } from '../../domain/entities.ts';
import { type AlertState, defaultAlertSettings } from './alerts.model.ts';
import {
  applyAction,
  decide,
  dedupKey,
  escalateUnacknowledged,
  isEscalationDue,
  isSnoozeOver,
  mergeSignal,
  newAlertState,
  nextStatus,
  signalSeverity,
  transitions,
  wake,
} from './alerts.rules.ts';

const t0 = Date.UTC(2026, 10, 25, 8, 0);
const min = 60_000;
const settings = defaultAlertSettings;

function signal(type: SignalType, severity: number | undefined, id = `sig_${type}_${severity}`): Signal {
  return {
    id,
    workspaceId: 'wsp_1',
    brandId: 'brd_air',
    topicId: null,
    type,
    windowStart: t0 - 5 * min,
    windowEnd: t0,
    score: 0.99,
    evidence: {
      ...(severity === undefined ? {} : { severity }),
      topTerms: ['отравление', 'הרעלה', '食物中毒'],
      topStories: [{ text: 'Passengers sick after the meal on flight 412 <b>again</b>' }],
    },
    createdAt: t0,
  };
}

const open = (sev = 2) =>
  newAlertState({
    id: 'alt_1',
    signal: signal('volume_spike', sev),
    severity: signalSeverity(signal('volume_spike', sev)),
    subject: 'Acme Air',
    now: t0,
    settings,
  });

describe('alert lifecycle transition table', () => {
  it('allows open → acknowledged → resolved and refuses to leave resolved', () => {
    assert.equal(nextStatus('open', 'acknowledge'), 'acknowledged');
    assert.equal(nextStatus('acknowledged', 'resolve'), 'resolved');
    for (const action of ['acknowledge', 'resolve', 'snooze', 'escalate', 'wake'] as const) {
      assert.equal(nextStatus('resolved', action), undefined);
    }
  });

  it('only snoozed alerts wake, and an escalated alert can only be resolved', () => {
    const statuses = Object.keys(transitions) as AlertStatus[];
    assert.deepEqual(
      statuses.filter((s) => nextStatus(s, 'wake')),
      ['snoozed'],
    );
    assert.deepEqual(Object.keys(transitions.escalated), ['resolve']);
  });

  it('acknowledging stops the escalation clock; snoozing remembers the severity; escalating keeps the crisis id', () => {
    const a = open(3);
    assert.ok(a.nextEscalationAt! > t0);
    const acked = applyAction(a, 'acknowledge', { actor: 'dana@example.com', now: t0 + min })!;
    assert.deepEqual(
      [acked.status, acked.nextEscalationAt, acked.acknowledgedBy],
      ['acknowledged', null, 'dana@example.com'],
    );
    const snoozed = applyAction(a, 'snooze', { actor: 'x', now: t0, snoozeUntil: t0 + 30 * min })!;
    assert.deepEqual(
      [snoozed.status, snoozed.snoozedUntil, snoozed.snoozedSeverity],
      ['snoozed', t0 + 30 * min, 3],
    );
    const escalated = applyAction(acked, 'escalate', { actor: 'x', now: t0, crisisId: 'crs_9' })!;
    assert.deepEqual([escalated.status, escalated.crisisId], ['escalated', 'crs_9']);
    assert.equal(applyAction(escalated, 'acknowledge', { actor: 'x', now: t0 }), undefined);
  });
});

describe('one storm = one alert', () => {
  it('groups by brand, and keeps a competitor storm apart from our own', () => {
    assert.equal(dedupKey(signal('volume_spike', 2)), dedupKey(signal('negative_surge', 3)));
    assert.notEqual(dedupKey(signal('volume_spike', 2)), dedupKey(signal('competitor_spike', 2)));
    assert.equal(dedupKey({ brandId: null, topicId: 'top_1', type: 'velocity' }), 't:top_1');
  });

  it('merges signals into the active alert within the storm gap, creates a new one after it', () => {
    const a = open(2);
    assert.equal(decide(a, 2, t0 + 30 * min, settings).kind, 'merge');
    assert.equal(decide(a, 2, t0 + (settings.stormGapMinutes + 1) * min, settings).kind, 'create');
  });

  it('merging takes the worst severity, the union of types, the newest evidence, and asks to re-notify only when worse', () => {
    const a = { ...open(2), notifiedSeverity: 2 };
    const same = mergeSignal(a, signal('negative_surge', 2, 's2'), 2, 'Acme Air', t0 + min, settings);
    assert.equal(same.notify, null);
    assert.deepEqual(same.next.signalTypes, ['volume_spike', 'negative_surge']);
    assert.equal(same.next.id, a.id);
    const worse = mergeSignal(
      same.next,
      signal('influencer', 4, 's3'),
      4,
      'Acme Air',
      t0 + 2 * min,
      settings,
    );
    assert.equal(worse.notify, 'severity_raised');
    assert.equal(worse.next.severity, 4);
    assert.equal(worse.next.signalCount, 3);
    assert.ok(worse.next.title.startsWith('Volume spike, Negative surge, Influencer joined'));
    assert.ok(
      worse.next.nextEscalationAt! <= t0 + 2 * min + 5 * min,
      'severity 4 shortens the ack timeout to 5 minutes',
    );
    const calmer = mergeSignal(
      worse.next,
      signal('volume_spike', 1, 's4'),
      1,
      'Acme Air',
      t0 + 3 * min,
      settings,
    );
    assert.equal(calmer.next.severity, 4, 'severity never drops within a storm');
  });

  it('after resolution, the cooldown swallows the tail of the storm but not a worse one', () => {
    const resolved = applyAction(open(3), 'resolve', { actor: 'x', now: t0 + 10 * min })!;
    assert.equal(decide(resolved, 3, t0 + 20 * min, settings).kind, 'suppress');
    assert.equal(decide(resolved, 4, t0 + 20 * min, settings).kind, 'create');
    assert.equal(decide(resolved, 3, t0 + (10 + settings.cooldownMinutes) * min, settings).kind, 'create');
  });

  it('a worse storm wakes a snoozed alert early', () => {
    const snoozed = applyAction(open(2), 'snooze', { actor: 'x', now: t0, snoozeUntil: t0 + 120 * min })!;
    const same = mergeSignal(snoozed, signal('velocity', 2, 'v'), 2, 'Acme Air', t0 + min, settings);
    assert.equal(same.next.status, 'snoozed');
    const worse = mergeSignal(snoozed, signal('velocity', 3, 'v3'), 3, 'Acme Air', t0 + min, settings);
    assert.deepEqual([worse.next.status, worse.notify], ['open', 'snooze_ended']);
  });

  it('reads severity from the evidence, clamps it, and defaults to 2', () => {
    assert.equal(signalSeverity(signal('velocity', 7)), 4);
    assert.equal(signalSeverity(signal('velocity', 0)), 1);
    assert.equal(signalSeverity(signal('velocity', undefined)), 2);
  });
});

describe('the suggested crisis type follows the strongest evidence', () => {
  const typed = (
    type: SignalType,
    severity: number,
    crisisType: string | undefined,
    id: string,
    extra: Record<string, unknown> = {},
  ): Signal => {
    const s = signal(type, severity, id);
    return { ...s, evidence: { ...s.evidence, ...(crisisType ? { crisisType } : {}), ...extra } };
  };
  const merge = (a: AlertState, s: Signal, at: number) =>
    mergeSignal(a, s, signalSeverity(s), 'Acme Air', t0 + at * min, settings).next;
  const start = (s: Signal) =>
    newAlertState({
      id: 'alt_t',
      signal: s,
      severity: signalSeverity(s),
      subject: 'Acme Air',
      now: t0,
      settings,
    });

  it('a bot army that says "scam" is an attack: coordinated evidence outranks the words, and stays', () => {
    let a = start(typed('emerging_terms', 1, 'self_inflicted', 's1'));
    assert.equal(a.suggestedCrisisType, 'self_inflicted', 'the first hint: "scam" reads as misconduct');
    a = merge(a, typed('coordinated', 2, 'disinformation_attack', 's2', { coordinated: true }), 1);
    assert.equal(a.suggestedCrisisType, 'disinformation_attack');
    // Louder word evidence later does not turn the attack back into misconduct.
    a = merge(a, typed('emerging_terms', 4, 'self_inflicted', 's3'), 5);
    assert.equal(a.suggestedCrisisType, 'disinformation_attack');
    assert.equal(a.severity, 4, 'severity: the worst so far');
  });

  it('a stronger typed signal replaces a weak first guess; untyped evidence keeps the last suggestion', () => {
    let a = start(typed('emerging_terms', 1, 'technical_error', 's1'));
    a = merge(a, typed('velocity', 3, 'external_force', 's2'), 2);
    assert.equal(a.suggestedCrisisType, 'external_force');
    a = merge(a, typed('negative_surge', 4, undefined, 's3'), 3);
    assert.equal(a.suggestedCrisisType, 'external_force');
    assert.equal(a.severity, 4);
    // The newest evidence of a type replaces the older one: the typed velocity evidence is still there.
    a = merge(a, typed('emerging_terms', 2, undefined, 's4'), 4);
    assert.equal(a.suggestedCrisisType, 'external_force');
  });

  it('a few bots riding an organic breach storm do not make it an attack', () => {
    let a = start(typed('emerging_terms', 2, 'external_force', 's1'));
    a = merge(
      a,
      typed('coordinated', 3, 'disinformation_attack', 's2', { coordinated: true, shareOfMentions: 0.14 }),
      1,
    );
    assert.equal(a.suggestedCrisisType, 'external_force');
    // The army grows until it is a large part of what is said about the brand: now it is the storm.
    a = merge(
      a,
      typed('coordinated', 3, 'disinformation_attack', 's3', { coordinated: true, shareOfMentions: 0.6 }),
      6,
    );
    assert.equal(a.suggestedCrisisType, 'disinformation_attack');
  });

  it('a competitor storm of bots is an attack too (the detector is in the evidence)', () => {
    let a = start(typed('competitor_spike', 2, 'technical_error', 's1', { detector: 'emerging_terms' }));
    a = merge(
      a,
      typed('competitor_spike', 3, undefined, 's2', { detector: 'coordinated', coordinated: true }),
      1,
    );
    assert.equal(a.suggestedCrisisType, 'disinformation_attack');
  });
});

describe('escalation when nobody acknowledges', () => {
  it('is due after the severity timeout, climbs one tier per timeout and stops at the maximum', () => {
    let a = open(3);
    assert.equal(isEscalationDue(a, t0 + 14 * min), false);
    assert.equal(isEscalationDue(a, t0 + 15 * min), true);
    const levels: number[] = [];
    let now = t0;
    while (a.nextEscalationAt !== null) {
      now = a.nextEscalationAt;
      a = escalateUnacknowledged(a, now, settings);
      levels.push(a.escalationLevel);
    }
    assert.deepEqual(levels, [1, 2, 3]);
    assert.equal(now, t0 + 45 * min);
  });

  it('severity 1 never escalates by default; a snooze ends at its time and restarts the clock', () => {
    assert.equal(open(1).nextEscalationAt, null);
    const snoozed = applyAction(open(2), 'snooze', { actor: 'x', now: t0, snoozeUntil: t0 + 10 * min })!;
    assert.equal(isSnoozeOver(snoozed, t0 + 9 * min), false);
    assert.equal(isSnoozeOver(snoozed, t0 + 10 * min), true);
    const woken = wake(snoozed, t0 + 10 * min, settings);
    assert.deepEqual([woken.status, woken.nextEscalationAt], ['open', t0 + 70 * min]);
  });
});
