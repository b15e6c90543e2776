/**
 * One process runs the detectors: the holder of the `detectors` lease (src/pipeline/leadership.ts).
 * The lease table on SQLite and PostgreSQL (take, renew, refuse, lapse, release, take over from a dead
 * local process); a restart after kill -9 leads at once instead of waiting the lease out; and two
 * instances on PostgreSQL + NATS JetStream: one leads, the other stands by, takes over when the first
 * shuts down, and raises the alert for a burst it then receives.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AppContext } from '../../src/app-context.ts';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { holdLeadership, isDeadLocalHolder } from '../../src/pipeline/leadership.ts';
import { SqlLeaseStore } from '../../src/store/leases.ts';
import { openStore } from '../../src/store/open.ts';
import { scaledOutDeployment } from '../support/scaled-out.ts';
import {
  createTempPostgresDatabase,
  natsUrl,
  postgresAdminUrl,
  serviceSkipReason,
} from '../support/services.ts';

const actor = systemActor('test');

/** The pid of a process that has exited: a holder that crashed. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function waitFor(what: string, ok: () => boolean, timeoutMs = 5_000) {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const database of ['sqlite', 'postgres'] as const) {
  describe(`lease table (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;

    it('takes, renews, refuses another holder until it lapses, releases, and yields to a dead local holder', {
      skip,
    }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-lease-'));
      const pgdb = database === 'postgres' ? await createTempPostgresDatabase() : undefined;
      const store = await openStore({ database: pgdb?.url ?? 'sqlite', dataDir });
      try {
        const leases = new SqlLeaseStore(store.db);
        const t = 1_000_000;
        assert.equal(await leases.acquire('job', 'a', 100, t), true, 'free: taken');
        assert.equal(await leases.acquire('job', 'b', 100, t + 50), false, 'held by a');
        assert.equal(await leases.acquire('job', 'a', 100, t + 90), true, 'renewed by its holder');
        assert.deepEqual(await leases.current('job'), { holder: 'a', expiresAt: t + 190 });
        assert.equal(await leases.acquire('job', 'b', 100, t + 150), false, 'renewal moved the expiry');
        assert.equal(await leases.acquire('job', 'b', 100, t + 191), true, 'lapsed: taken over');
        assert.equal(await leases.acquire('job', 'a', 100, t + 192), false, 'the old holder lost it');
        assert.equal(await leases.acquire('job', 'c', 100, t + 193, 'b'), true, 'b is known dead');
        await leases.release('job', 'b');
        assert.equal((await leases.current('job'))?.holder, 'c', 'only the holder releases');
        await leases.release('job', 'c');
        assert.equal(await leases.current('job'), undefined);
        assert.equal(await leases.acquire('other', 'b', 100, t), true, 'leases are independent');
      } finally {
        await store.close();
        await pgdb?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

describe('leadership', () => {
  it('gives the lease up when the work cannot start, so another process can take it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-lead-fail-'));
    const store = await openStore({ database: 'sqlite', dataDir });
    try {
      const lease = new SqlLeaseStore(store.db);
      const errors: unknown[] = [];
      const failing = await holdLeadership({
        lease,
        name: 'job',
        ttlMs: 60_000,
        lead: async () => {
          throw new Error('restore failed');
        },
        onError: (err) => errors.push(err),
      });
      assert.equal(failing.leading(), false);
      assert.match(String(errors[0]), /restore failed/);
      assert.equal(await lease.current('job'), undefined, 'not held idle');
      let running = false;
      const other = await holdLeadership({
        lease,
        name: 'job',
        ttlMs: 60_000,
        lead: async () => {
          running = true;
          return async () => {
            running = false;
          };
        },
      });
      assert.equal(other.leading(), true);
      assert.equal(running, true);
      await failing.stop();
      await other.stop();
      assert.equal(running, false);
      assert.equal(await lease.current('job'), undefined, 'released at shutdown');
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('detectors after kill -9', () => {
  it('judges holders by their process, on this host only', () => {
    assert.equal(isDeadLocalHolder(`${hostname()}/${deadPid()}/x`), true);
    assert.equal(
      isDeadLocalHolder(`${hostname()}/${process.pid}/x`),
      true,
      'this pid, but not a holder this process runs: an earlier incarnation (a restarted container)',
    );
    assert.equal(isDeadLocalHolder(`${hostname()}/1/x`), false, 'init is alive');
    assert.equal(isDeadLocalHolder(`another-host/${deadPid()}/x`), false, 'cannot see other hosts');
    assert.equal(isDeadLocalHolder('garbage'), false);
  });

  it('a restart leads at once when the holder was this host’s crashed process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-lease-crash-'));
    const config = loadConfig({ dataDir, database: 'sqlite', logLevel: 'silent' }, {});
    try {
      const store = await openStore({ database: 'sqlite', dataDir });
      const crashed = `${hostname()}/${deadPid()}/dead`;
      await new SqlLeaseStore(store.db).acquire('detectors', crashed, 3_600_000, Date.now());
      await store.close();
      const ctx = await assemble(config);
      try {
        assert.equal(ctx.detection.leading(), true);
        assert.equal(isDeadLocalHolder(ctx.detection.holder), false, 'a live holder of this process');
      } finally {
        await ctx.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

const scaleSkip =
  (await serviceSkipReason('PostgreSQL', postgresAdminUrl)) ?? (await serviceSkipReason('NATS', natsUrl));

describe('detectors in a scaled-out deployment (PostgreSQL + NATS JetStream)', { skip: scaleSkip }, () => {
  it('one instance leads, the other takes over at its shutdown and detects what it then receives', async () => {
    const deployment = await scaledOutDeployment('lease');
    const { config } = deployment;
    let first: AppContext | undefined;
    let second: AppContext | undefined;
    try {
      first = await assemble(config, { leaseTtlMs: 600 });
      second = await assemble(config, { leaseTtlMs: 600 });
      const a = first;
      const b = second;
      assert.equal(a.detection.leading(), true);
      assert.equal(b.detection.leading(), false);
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(b.detection.leading(), false, 'renewals keep the leader');
      const lease = new SqlLeaseStore(b.store.db);
      assert.equal((await lease.current('detectors'))?.holder, a.detection.holder);

      const ws = await a.auth.createWorkspace(actor, { name: 'Kestrel', slug: `kestrel-${Date.now()}` });
      const brand = await a.brands.create(actor, ws.id, { name: 'Kestrel Bank' });
      await a.topics.service.create(actor, ws.id, {
        name: 'Kestrel Bank',
        kind: 'brand',
        query: '"Kestrel Bank" OR "בנק קסטרל"',
        brandId: brand.id,
      });
      await b.topics.reload();

      await a.close();
      first = undefined;
      await waitFor('the standby to take over', () => b.detection.leading());
      assert.equal((await lease.current('detectors'))?.holder, b.detection.holder);

      const now = Date.now();
      const burst = Array.from({ length: 60 }, (_, i) => ({
        source: ['x', 'facebook', 'vk'][i % 3],
        id: `burst-${i}`,
        text:
          i % 2
            ? `Kestrel Bank data breach: my card details leaked, accounts hacked #${i}`
            : `בנק קסטרל דליפת מידע: פרטי הכרטיס שלי דלפו, חשבונות נפרצו #${i}`,
        createdAt: new Date(now - 120_000 + i * 2_000).toISOString(),
        author: { handle: `user${i}`, followers: 50 + i },
      }));
      await b.pipeline.ingest(burst, { workspaceId: ws.id });
      await b.pipeline.drain();
      await b.bus.drain();
      await b.alerts.alerts.drain();
      const alerts = await b.alerts.alerts.list(ws.id, { limit: 10 });
      assert.equal(alerts.length, 1, 'the new leader raised one alert for the burst');
      assert.equal(alerts[0]!.brandId, brand.id);
    } finally {
      await first?.close();
      await second?.close();
      await deployment.dispose();
    }
  });
});
