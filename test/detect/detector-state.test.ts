/**
 * Detector state survives a restart, on SQLite and PostgreSQL: the app learns two days of a brand's calm
 * talk, shuts down (the watch's snapshot is saved), starts again on the same database, and a burst of
 * ten times the usual volume is reported at once — against the baseline learned before the restart. The
 * same restart without the saved state sees nothing (the volume watch gives no verdict before it has
 * learned a quarter of a day). Alerts are read over HTTP; the snapshot table through the store adapter.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AppContext } from '../../src/app-context.ts';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import { buildApp } from '../../src/server/app.ts';
import { SqlDetectorState } from '../../src/store/detector-state.ts';
import { openStore } from '../../src/store/open.ts';
import { createTempPostgresDatabase, postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const MIN = 60_000;
const DAY = 1_440 * MIN;
const t0 = Date.UTC(2026, 8, 7);
const actor = systemActor('test');

const calmTexts = [
  'Kestrel Bank app update looks nice',
  'בנק קסטרל פותח סניף חדש בחיפה',
  'Кестрел Банк запускает зимнюю распродажу',
  'Does anyone know if Kestrel Bank opens on Sundays?',
];

function records(from: number, to: number, everyMs: number, text: (i: number) => string, tag: string) {
  const out: Record<string, unknown>[] = [];
  for (let t = from, i = 0; t < to; t += everyMs, i++)
    out.push({
      source: ['x', 'facebook', 'vk'][i % 3],
      id: `${tag}-${i}`,
      text: text(i),
      createdAt: new Date(t).toISOString(),
      author: { handle: `${tag}_user${i % 500}`, followers: 100 + ((i * 37) % 3_000) },
    });
  return out;
}

async function feed(ctx: AppContext, workspaceId: string, recs: Record<string, unknown>[]) {
  for (let i = 0; i < recs.length; i += 500)
    await ctx.pipeline.ingest(recs.slice(i, i + 500), { workspaceId });
  await ctx.pipeline.drain();
  await ctx.bus.drain();
  await ctx.alerts.alerts.drain();
}

/** Alerts of the workspace, over HTTP with an admin token. */
async function alertsOver(ctx: AppContext, token: string) {
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/alerts?limit=50`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    return (await res.json()) as { title: string; signalTypes: string[] }[];
  } finally {
    await app.close();
  }
}

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`detector state across a restart (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;

    it('keeps the learned baseline: a burst after the restart is judged against the days before it', {
      skip,
    }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-detstate-'));
      const pgdb = database === 'postgres' ? await createTempPostgresDatabase() : undefined;
      const config = loadConfig(
        {
          dataDir,
          database: pgdb?.url ?? 'sqlite',
          logLevel: 'silent',
          adminEmail: 'admin@example.com',
          adminPassword: 'correct horse battery staple',
          port: 0,
        },
        {},
      );
      const clock = new ManualClock(t0);
      let ctx = await assemble(config, { clock });
      try {
        const admin = await ctx.auth.bootstrapAdmin('admin@example.com', 'correct horse battery staple');
        const ws = await ctx.auth.createWorkspace(actor, { name: 'Kestrel', slug: 'kestrel' }, admin!.userId);
        const { token } = await ctx.auth.createApiToken(actor, {
          userId: admin!.userId,
          workspaceId: ws.id,
          role: 'admin',
          name: 'test',
        });
        const brand = await ctx.brands.create(actor, ws.id, { name: 'Kestrel Bank' });
        await ctx.topics.service.create(actor, ws.id, {
          name: 'Kestrel Bank',
          kind: 'brand',
          query: '"Kestrel Bank" OR "בנק קסטרל" OR "Кестрел Банк"',
          brandId: brand.id,
        });
        // Two calm days, one mention every two minutes.
        await feed(
          ctx,
          ws.id,
          records(t0, t0 + 2 * DAY, 2 * MIN, (i) => calmTexts[i % 4]!, 'calm'),
        );
        clock.set(t0 + 2 * DAY);
        assert.deepEqual(await alertsOver(ctx, token), [], 'nothing on calm days');
        await ctx.close();

        // The snapshot is in the database, compact.
        ctx = await assemble(config, { clock });
        const saved = await new SqlDetectorState(ctx.store.db).loadAll();
        assert.ok(saved.has(ws.id), 'saved at shutdown');
        const row = await ctx.store.db
          .selectFrom('detector_state')
          .select(['bytes', 'state', 'version'])
          .where('workspace_id', '=', ws.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.version, 1);
        assert.ok(row.state.length < row.bytes / 3, `compressed: ${row.state.length} of ${row.bytes} bytes`);

        // Restarted: a burst of news, ten times the usual volume, is judged against the learned days.
        const burstAt = t0 + 2 * DAY + 10 * MIN;
        const burst = [
          ...records(
            burstAt,
            burstAt + 5 * MIN,
            3_000,
            () => 'Kestrel Bank announces a new savings account',
            'news',
          ),
          ...records(burstAt + 6 * MIN, burstAt + 20 * MIN, 2 * MIN, (i) => calmTexts[i % 4]!, 'after'),
        ];
        await feed(ctx, ws.id, burst);
        const alerts = await alertsOver(ctx, token);
        assert.equal(alerts.length, 1, JSON.stringify(alerts));
        assert.ok(alerts[0]!.signalTypes.includes('volume_spike'), JSON.stringify(alerts[0]));
        await ctx.close();

        // The same restart without the saved state: the detectors start from nothing and stay silent.
        const store = await openStore({ database: config.database, dataDir: config.dataDir });
        await store.db.deleteFrom('detector_state').execute();
        await store.close();
        ctx = await assemble(config, { clock });
        const again = t0 + 3 * DAY + 10 * MIN;
        await feed(ctx, ws.id, [
          ...records(
            again,
            again + 5 * MIN,
            3_000,
            () => 'Kestrel Bank announces a new savings account',
            'news2',
          ),
          ...records(again + 6 * MIN, again + 20 * MIN, 2 * MIN, (i) => calmTexts[i % 4]!, 'after2'),
        ]);
        assert.equal((await alertsOver(ctx, token)).length, 1, 'no new alert: the baseline was forgotten');
      } finally {
        await ctx.close();
        await pgdb?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
