/**
 * A story outlives the process that started it. On SQLite and PostgreSQL: an origin complaint and its
 * reposts are stored, the app restarts, and the reposts, a link share and a reply that arrive after the
 * restart join the same story, whose origin is still the first post. Scaled out (PostgreSQL + NATS
 * JetStream): a repost that reaches the second instance joins the story the first one started.
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
import { scaledOutDeployment } from '../support/scaled-out.ts';
import {
  createTempPostgresDatabase,
  natsUrl,
  postgresAdminUrl,
  serviceSkipReason,
} from '../support/services.ts';

const actor = systemActor('test');
const T0 = Date.parse('2026-12-01T09:00:00Z');
const COMPLAINT = 'Акме Эйр потеряла мой багаж в Тель-Авиве, и никто в компании не отвечает уже третий день';

const post = (id: string, text: string, minutes: number, extra: Record<string, unknown> = {}) => ({
  source: 'x',
  id,
  text,
  createdAt: new Date(T0 + minutes * 60_000).toISOString(),
  author: { handle: `user_${id}`, followers: 120 },
  ...extra,
});

async function ingest(ctx: AppContext, workspaceId: string, records: Record<string, unknown>[]) {
  const report = await ctx.pipeline.ingest(records, { workspaceId });
  assert.equal(report.stored, records.length);
}

async function storyOf(ctx: AppContext, workspaceId: string, externalId: string) {
  const m = await ctx.store.mentions.get(workspaceId, 'x', externalId);
  assert.ok(m?.storyId, `${externalId} is stored with a story`);
  return m.storyId;
}

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`stories across a restart (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;

    it('reposts, a link share and a reply after the restart join the story begun before it', {
      skip,
    }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-stories-'));
      const pgdb = database === 'postgres' ? await createTempPostgresDatabase() : undefined;
      const config = loadConfig({ dataDir, database: pgdb?.url ?? 'sqlite', logLevel: 'silent' }, {});
      let ctx = await assemble(config);
      try {
        const ws = await ctx.auth.createWorkspace(actor, { name: 'Acme', slug: 'acme' });
        await ingest(ctx, ws.id, [
          post('origin', `${COMPLAINT} https://forum.example/t/acme-lost-bags`, 0),
          ...Array.from({ length: 10 }, (_, i) => post(`rt${i}`, `RT @user_origin: ${COMPLAINT}`, 1 + i)),
        ]);
        const story = await storyOf(ctx, ws.id, 'origin');
        await ctx.close();

        ctx = await assemble(config);
        await ingest(ctx, ws.id, [
          post('later-rt', `${COMPLAINT}!!! позор`, 30),
          post('link', 'Вот что пишут про Акме Эйр: https://forum.example/t/acme-lost-bags', 31),
          post('reply', 'Со мной было то же самое', 32, { parentId: 'origin' }),
          post('other', 'Акме Эйр открывает новый рейс в Эйлат с января, билеты уже в продаже', 33),
        ]);
        for (const id of ['later-rt', 'link', 'reply'])
          assert.equal(await storyOf(ctx, ws.id, id), story, id);
        assert.notEqual(await storyOf(ctx, ws.id, 'other'), story);
        const detail = await ctx.stories.get(ws.id, story);
        assert.equal(detail.members, 14);
        assert.equal(detail.origin?.externalId, 'origin');
      } finally {
        await ctx.close();
        await pgdb?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

const scaleSkip =
  (await serviceSkipReason('PostgreSQL', postgresAdminUrl)) ?? (await serviceSkipReason('NATS', natsUrl));

describe('stories in a scaled-out deployment (PostgreSQL + NATS JetStream)', { skip: scaleSkip }, () => {
  it('a repost at the second instance joins the story the first one started', async () => {
    const deployment = await scaledOutDeployment('stories');
    const { config } = deployment;
    const instances: AppContext[] = [];
    try {
      instances.push(await assemble(config));
      instances.push(await assemble(config));
      const [a, b] = instances as [AppContext, AppContext];
      const ws = await a.auth.createWorkspace(actor, { name: 'Acme', slug: `acme-${Date.now()}` });
      // b has ingested before (its start-up catch-up is behind it), so only tailing can tell it.
      await ingest(b, ws.id, [
        post('warm', 'Акме Эйр: посадка в Тель-Авиве по расписанию, всё спокойно', -60),
      ]);
      await ingest(a, ws.id, [post('origin', COMPLAINT, 0)]);
      const story = await storyOf(a, ws.id, 'origin');
      await new Promise((r) => setTimeout(r, 6_500)); // one tailing period (5 s) and some
      await ingest(b, ws.id, [post('rt', `RT @user_origin: ${COMPLAINT}`, 1)]);
      assert.equal(await storyOf(b, ws.id, 'rt'), story);
    } finally {
      for (const app of instances) await app.close();
      await deployment.dispose();
    }
  });
});
