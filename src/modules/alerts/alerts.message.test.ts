import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Signal } from '../../domain/entities.ts';
import { alertMessage } from './alerts.message.ts';
import { defaultAlertSettings } from './alerts.model.ts';
import { mergeSignal, newAlertState } from './alerts.rules.ts';
import { displayAddress } from './channels.service.ts';

const t0 = Date.UTC(2026, 10, 25, 9, 0);
const base: Signal = {
  id: 'sig_1',
  workspaceId: 'wsp_1',
  brandId: 'brd_1',
  topicId: null,
  type: 'negative_surge',
  windowStart: t0 - 300_000,
  windowEnd: t0,
  score: 0.987654,
  evidence: {
    severity: 3,
    observed: 120,
    expected: 4.2,
    negativeShare: 0.61,
    topTerms: ['бойкот', { term: 'חרם' }, 42, '抵制'],
    topAuthors: [{ handle: '@newsdesk' }, 'blogger_ru'],
    topStories: [{ text: 'Бойкот!\n\nВсе\tсюда', author: '@a' }, { nope: true }, 'not an object'],
  },
  createdAt: t0,
};

describe('alert notification text', () => {
  const alert = newAlertState({
    id: 'alt_1',
    signal: base,
    severity: 3,
    subject: 'Acme',
    now: t0,
    settings: defaultAlertSettings,
  });

  it('shows the known evidence shapes, skips the rest, and keeps one line per post', () => {
    const m = alertMessage(alert, 'opened', { tier: 0, publicUrl: 'https://fb.example/' });
    assert.match(m.body, /Terms: бойкот, חרם, 抵制/);
    assert.match(m.body, /Authors: @newsdesk, blogger_ru/);
    assert.match(m.body, /• “Бойкот! Все сюда” — @a/);
    assert.match(
      m.body,
      /Negative surge: score 0\.988, 120 mentions \(expected 4\.2\), 61% negative, window 08:55–09:00 UTC/,
    );
    assert.equal(m.url, 'https://fb.example/alerts/alt_1');
    assert.equal(m.severity, 3);
  });

  it('names why it is sent and gives each notification its own stable id', () => {
    const opened = alertMessage(alert, 'opened', { tier: 0 });
    const escalated = alertMessage(alert, 'unacknowledged', { tier: 1 });
    assert.ok(escalated.title.startsWith('Not acknowledged: '));
    assert.match(escalated.body, /escalation tier 1/);
    assert.notEqual(opened.id, escalated.id);
    assert.equal(
      alertMessage(alert, 'opened', { tier: 0 }).id,
      opened.id,
      'a retry of the same notification keeps its id',
    );
    const worse = mergeSignal(
      alert,
      { ...base, id: 'sig_2', type: 'influencer' },
      4,
      'Acme',
      t0 + 1,
      defaultAlertSettings,
    ).next;
    assert.notEqual(alertMessage(worse, 'severity_raised', { tier: 0 }).id, opened.id);
    assert.equal(opened.url, undefined, 'no link without a public URL');
  });

  it('masks webhook URLs that carry credentials', () => {
    assert.equal(
      displayAddress('slack', 'https://hooks.slack.com/services/T0/B0/abcdefSECRET'),
      'https://hooks.slack.com/…CRET',
    );
    assert.equal(
      displayAddress('webhook', 'https://x.example/hook?token=s3cr3t'),
      'https://x.example/hook?…',
    );
    assert.equal(displayAddress('email', 'pr@example.com'), 'pr@example.com');
  });
});
