/**
 * Early warning end to end on the recorded demo day: the stream replayed through the real pipeline (match
 * stage, storage, bus, detectors, alerts) raises an alert for Acme Air minutes after the first post of the
 * crisis, and none on the calm part of the day.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoDir } from '../../src/demo/seed.ts';
import { SpikeWatch } from '../../src/detect/spike-watch.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { replay } from '../../src/replay/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8'));
const onset = Date.parse(manifest.onset);

describe('early warning on the demo day', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    const actor = systemActor('test');
    const brand = await t.ctx.brands.create(
      actor,
      t.workspaceId,
      JSON.parse(readFileSync(join(demoDir, manifest.brand), 'utf8')),
    );
    for (const topic of JSON.parse(readFileSync(join(demoDir, manifest.topics), 'utf8'))) {
      await t.ctx.topics.service.create(actor, t.workspaceId, { ...topic, brandId: brand.id });
    }
    const summary = await replay(join(demoDir, manifest.stream), {
      sink: t.ctx.pipeline,
      origin: { workspaceId: t.workspaceId },
      speed: 0,
    });
    assert.ok(summary.stored > 6_000);
    await t.ctx.bus.drain();
    await t.ctx.alerts.alerts.drain();
  });
  after(() => t?.close());

  it('raises an alert for the brand through the alerts module', async () => {
    const res = await t.api('GET', '/api/v1/alerts?limit=50');
    assert.equal(res.status, 200);
    assert.ok(res.body.length >= 1, 'an alert was raised');
    const [alert] = res.body as { severity: number; suggestedCrisisType: string }[];
    assert.ok(alert!.severity >= 3, `a passport-data leak storm is severe (${alert!.severity})`);
    assert.equal(
      alert!.suggestedCrisisType,
      'external_force',
      'seed 004: a data breach is an external force',
    );
    process.stdout.write(
      `# demo day alerts: ${JSON.stringify(res.body.map((a: { severity: number; title: string; suggestedCrisisType: string }) => [a.severity, a.title, a.suggestedCrisisType]))}\n`,
    );
  });

  it('spots the crisis within minutes of its first post (stream time) and nothing on the calm part of the day', async () => {
    // The stored, topic-tagged stream in storage order, through the same detector the consumer runs.
    const stored = [];
    for (let afterSeq = 0; ; ) {
      const page = await t.ctx.store.mentions.list({ workspaceId: t.workspaceId, limit: 1_000, afterSeq });
      if (page.length === 0) break;
      stored.push(...page);
      afterSeq = page.at(-1)!.seq;
    }
    const signals = new SpikeWatch().observe(stored);
    assert.ok(signals.length >= 1);
    const first = Math.min(...signals.map((s) => s.windowEnd));
    const latencyMin = (first - onset) / 60_000;
    assert.ok(latencyMin >= 0, `a signal ${-latencyMin} min before the onset is a false alarm`);
    assert.ok(latencyMin <= 45, `first signal ${latencyMin} min after the onset`);
    process.stdout.write(
      `# demo day: first signal ${latencyMin.toFixed(0)} min after the first post; ${signals.length} signal(s)\n`,
    );
  });
});
