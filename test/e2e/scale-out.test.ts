/**
 * Scaled out: two Firebreak instances share PostgreSQL and NATS JetStream. The same deliveries sent to
 * both are stored once, and a consumer group sees each stored mention once across the two instances.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppContext } from '../../src/app-context.ts';
import { assemble } from '../../src/assemble.ts';
import type { Mention } from '../../src/domain/mention.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import type { StoredMentionConsumer } from '../../src/ports/stage.ts';
import { scaledOutDeployment } from '../support/scaled-out.ts';
import { natsUrl, postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const skip =
  (await serviceSkipReason('PostgreSQL', postgresAdminUrl)) ?? (await serviceSkipReason('NATS', natsUrl));

describe('two instances on PostgreSQL + NATS JetStream', { skip }, () => {
  it('store each mention once and hand it to one consumer once', async () => {
    const deployment = await scaledOutDeployment('scale');
    const seen: string[] = [];
    const counter: StoredMentionConsumer = {
      name: `count_${Date.now()}`,
      consume: (batch: Mention[]) => void seen.push(...batch.map((m) => m.externalId)),
    };
    const { config } = deployment;
    const instances: AppContext[] = [];
    try {
      // Sequential start: the first creates the schema, the second finds it migrated.
      instances.push(await assemble(config, { consumers: [counter] }));
      instances.push(await assemble(config, { consumers: [counter] }));
      const ws = await instances[0]!.auth.createWorkspace(systemActor('test'), {
        name: 'Scale',
        slug: `scale-${Date.now()}`,
      });
      const records = Array.from({ length: 500 }, (_, i) => ({
        source: 'telegram',
        id: String(i),
        text: i % 2 ? `Акме Эйр задержка рейса ${i}` : `אקמה אייר עיכוב בטיסה ${i}`,
        createdAt: new Date(Date.UTC(2026, 10, 25, 12, 0, i % 60)).toISOString(),
      }));
      const reports = await Promise.all(
        instances.map((app) => app.pipeline.ingest(records, { workspaceId: ws.id })),
      );
      assert.equal(reports[0]!.stored + reports[1]!.stored, 500);
      assert.equal(reports[0]!.duplicates + reports[1]!.duplicates, 500);
      assert.equal(await instances[1]!.store.mentions.count(ws.id), 500);
      await Promise.all(instances.map((app) => app.bus.drain()));
      assert.equal(seen.length, 500);
      assert.equal(new Set(seen).size, 500);
    } finally {
      for (const app of instances) await app.close();
      await deployment.dispose();
    }
  });
});
