/**
 * `npm run eval -- scenarios [--set dev|test|both] [--only TEXT] [--verbose]`: generates the replayed
 * crisis scenarios (eval/scenarios/generate.ts), runs each through the detection path
 * (eval/scenarios/harness.ts) and reports time from onset to the first alert (stream time), false alerts
 * per brand-week on calm time, the severity and crisis type assigned. Tune on `dev`; report `test`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Topic } from '../../src/domain/entities.ts';
import { generate, type Scenario, suite, topicsFor } from './generate.ts';
import { runScenarioFile, type ScenarioRun } from './harness.ts';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const sets =
  (opt('set') ?? 'both') === 'both' ? (['dev', 'test'] as const) : ([opt('set')] as ('dev' | 'test')[]);
const only = opt('only');
const verbose = args.includes('--verbose');

const expectedType: Record<string, string> = {
  data_breach: 'external_force',
  food_safety: 'technical_error',
  outage: 'technical_error',
  offensive_ad: 'self_inflicted',
  disinformation: 'disinformation_attack',
};

interface Row {
  name: string;
  kind: string;
  mentions: number;
  latencyMin: number | null;
  severityAtAlert: number | null;
  severity1h: number | null;
  crisisType: string | null;
  typeOk: boolean | null;
  signalTypes: string;
  falseAlerts: number;
  falseAlerts2: number;
  calmWeeks: number;
}

function score(sc: Scenario, run: ScenarioRun): Row {
  const brandKey = 'b:brd_main';
  const targetKey = sc.target === 'competitor' ? `${brandKey}:competitor` : brandKey;
  let latencyMin: number | null = null;
  let severityAtAlert: number | null = null;
  let severity1h: number | null = null;
  let crisisType: string | null = null;
  let signalTypes = '';
  if (sc.onset !== undefined) {
    const first = run.notifications.find((n) => n.key === targetKey && n.at >= sc.onset!);
    if (first) {
      latencyMin = (first.at - sc.onset) / 60_000;
      severityAtAlert = first.severity;
      const alert = run.alerts.find((a) => a.id === first.alertId)!;
      crisisType = alert.crisisType;
      signalTypes = alert.types.join(',');
      severity1h = Math.max(
        0,
        ...run.notifications
          .filter((n) => n.alertId === first.alertId && n.at <= sc.onset! + 3_600_000)
          .map((n) => n.severity),
      );
    }
  }
  // Calm time: the scored period before the onset (all of it for calm scenarios). A competitor's crisis
  // is calm time for our own brand: an alert on our own key then is a false alert too.
  const calmEnd = sc.onset ?? sc.end;
  const falseOnes = run.alerts.filter(
    (a) =>
      a.openedAt >= sc.evalFrom &&
      ((a.openedAt < calmEnd && !(sc.onset !== undefined && a.openedAt >= sc.onset)) ||
        (sc.target === 'competitor' && a.key === brandKey && a.openedAt >= sc.onset!)),
  );
  let calmMs = calmEnd - sc.evalFrom;
  if (sc.target === 'competitor') calmMs = sc.end - sc.evalFrom;
  const typeOk = sc.crisis && sc.onset !== undefined ? crisisType === expectedType[sc.crisis] : null;
  return {
    name: sc.name,
    kind: sc.kind,
    mentions: run.mentions,
    latencyMin,
    severityAtAlert,
    severity1h,
    crisisType,
    typeOk,
    signalTypes,
    falseAlerts: falseOnes.length,
    falseAlerts2: falseOnes.filter((a) => a.severity >= 2).length,
    calmWeeks: calmMs / (7 * 86_400_000),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) : Number.NaN;
}

const dir = mkdtempSync(join(tmpdir(), 'firebreak-scenarios-'));
try {
  for (const set of sets) {
    const rows: Row[] = [];
    for (const spec of suite(set)) {
      if (only && !spec.name.includes(only)) continue;
      const sc = generate(spec);
      const file = join(dir, `${spec.name}.jsonl`);
      writeFileSync(file, `${sc.records.map((r) => JSON.stringify(r)).join('\n')}\n`);
      const topics: Topic[] = topicsFor(spec).map((t, i) => ({
        ...t,
        id: `top_${i}`,
        workspaceId: 'wsp_eval',
        brandId: 'brd_main',
        active: true,
        createdAt: 0,
        updatedAt: 0,
      }));
      const run = await runScenarioFile(file, {
        workspaceId: 'wsp_eval',
        topics,
        known: [{ handle: sc.journalist, role: 'journalist' }],
      });
      const row = score(sc, run);
      rows.push(row);
      if (verbose) {
        for (const n of run.notifications.filter((x) => x.at >= sc.evalFrom))
          process.stdout.write(
            `    ${((n.at - (sc.onset ?? sc.evalFrom)) / 60_000).toFixed(1)} min ${n.key} S${n.severity} ${n.reason} ${run.alerts.find((a) => a.id === n.alertId)?.types.join(',')}\n`,
          );
      }
      process.stdout.write(
        `${row.name.padEnd(36)} ${String(row.mentions).padStart(7)} mentions  ${row.latencyMin === null ? (sc.onset === undefined ? '   calm' : ' MISSED') : `${row.latencyMin.toFixed(1).padStart(5)} min`}  S${row.severityAtAlert ?? '-'}→S${row.severity1h ?? '-'}  ${row.crisisType ?? '-'}${row.typeOk === false ? ' (≠)' : ''}  false ${row.falseAlerts} (≥S2 ${row.falseAlerts2}) in ${row.calmWeeks.toFixed(2)} wk  [${row.signalTypes}]\n`,
      );
    }
    const crises = rows.filter((r) => r.kind !== 'calm');
    const found = crises.filter((r) => r.latencyMin !== null).map((r) => r.latencyMin!);
    const weeks = rows.reduce((a, r) => a + r.calmWeeks, 0);
    const falseAll = rows.reduce((a, r) => a + r.falseAlerts, 0);
    const false2 = rows.reduce((a, r) => a + r.falseAlerts2, 0);
    const calmOnly = rows.filter((r) => r.kind === 'calm');
    const calmWeeks = calmOnly.reduce((a, r) => a + r.calmWeeks, 0);
    const calmFalse = calmOnly.reduce((a, r) => a + r.falseAlerts, 0);
    const typed = crises.filter((r) => r.typeOk !== null);
    const sev = (k: string) => crises.filter((r) => r.kind === k && r.severity1h).map((r) => r.severity1h);
    process.stdout.write(
      `\n## ${set}: ${rows.length} scenarios (${crises.length} crises, ${calmOnly.length} calm weeks)\n` +
        `detected ${found.length}/${crises.length}; onset → first alert: median ${median(found).toFixed(1)} min, worst ${Math.max(...found).toFixed(1)} min\n` +
        `false alerts: ${falseAll} in ${weeks.toFixed(1)} brand-weeks of calm time = ${(falseAll / weeks).toFixed(2)} per brand-week (severity ≥ 2: ${(false2 / weeks).toFixed(2)}); calm scenarios alone: ${calmFalse} in ${calmWeeks.toFixed(1)} = ${(calmFalse / calmWeeks).toFixed(2)}\n` +
        `crisis type right: ${typed.filter((r) => r.typeOk).length}/${typed.length}; severity within the first hour: ${['slow_burn', 'viral', 'bots', 'competitor', 'night', 'multilingual'].map((k) => `${k} ${sev(k).join('/')}`).join(', ')}\n\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
