/** The alerts service on a real store with a recording Notifiers (typed against the real interface). */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { open as openSealed } from '../../src/config/secret-box.ts';
import type { Signal } from '../../src/domain/entities.ts';
import { createAlertsModule } from '../../src/modules/alerts/index.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import type { DeliveryReport } from '../../src/notify/delivery.ts';
import type { Notifiers } from '../../src/notify/index.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import type { NotificationMessage, NotificationTarget } from '../../src/ports/notifier.ts';
import type { Store } from '../../src/store/open.ts';
import { storeFactories } from '../support/stores.ts';

const admin = systemActor('test');
const t0 = Date.UTC(2026, 10, 25, 12, 0);

class RecordingNotifiers implements Notifiers {
  sent: Array<{ target: NotificationTarget; message: NotificationMessage }> = [];
  failNext = 0;
  get(): never {
    throw new Error('not used by the service');
  }
  validate(): undefined {
    return undefined;
  }
  async sendTo(target: NotificationTarget, message: NotificationMessage): Promise<DeliveryReport> {
    this.sent.push({ target, message });
    if (this.failNext > 0) {
      this.failNext--;
      return {
        ok: false,
        attempts: 1,
        error: 'HTTP 404',
        log: [{ attempt: 1, at: t0, durationMs: 1, ok: false, status: 404, error: 'HTTP 404' }],
      };
    }
    return { ok: true, attempts: 1, log: [{ attempt: 1, at: t0, durationMs: 1, ok: true, status: 200 }] };
  }
}

const sqlite = storeFactories.find((f) => f.name === 'sqlite')!;

describe('alerts service', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let workspaceId: string;
  const clock = new ManualClock(t0);
  const notifiers = new RecordingNotifiers();
  const key = randomBytes(32);
  let module: ReturnType<typeof createAlertsModule>;

  before(async () => {
    ({ store, cleanup } = await sqlite.open());
    workspaceId = 'wsp_service';
    await store.db
      .insertInto('workspaces')
      .values({ id: workspaceId, slug: 'svc', name: 'Service', created_at: t0 })
      .execute();
    module = createAlertsModule({
      db: store.db,
      clock,
      notifiers,
      secretKey: key,
      allowPrivateNetworks: false,
      disableAfterFailures: 3,
      brandInfo: async (_ws, id) =>
        id === 'brd_tea' ? { name: '茶叶 Co', timeZone: 'Asia/Shanghai' } : undefined,
    });
  });
  after(() => cleanup());

  const signal = (n: number, severity = 2): Signal => ({
    id: `sig_${n}`,
    workspaceId,
    brandId: 'brd_tea',
    topicId: null,
    type: n % 2 ? 'volume_spike' : 'emerging_terms',
    windowStart: t0 - 300_000,
    windowEnd: t0,
    score: 5 + n,
    evidence: { severity, topTerms: ['泄露', '数据'] },
    createdAt: t0,
  });

  it('stores channel secrets sealed, bound to their row, and refuses private targets when not allowed', async () => {
    const ch = await module.channels.create(admin, workspaceId, {
      name: 'hook',
      channel: 'webhook',
      address: 'https://hooks.example.com/firebreak?token=abc',
      secret: 'whsec_service_0123456789',
    });
    assert.equal(ch.address, 'https://hooks.example.com/firebreak?…');
    const row = await store.db
      .selectFrom('notification_channels')
      .selectAll()
      .where('id', '=', ch.id)
      .executeTakeFirstOrThrow();
    assert.ok(!row.secret_sealed!.includes('whsec_service'));
    assert.throws(
      () => openSealed(key, row.secret_sealed!.replace(/#s$/, ''), 'nch_other'),
      'sealed for another row',
    );
    const [target] = await module.channels.targets(workspaceId, [ch.id]);
    assert.deepEqual(target.target, {
      channel: 'webhook',
      address: 'https://hooks.example.com/firebreak?token=abc',
      secret: 'whsec_service_0123456789',
    });
    await assert.rejects(
      module.channels.create(admin, workspaceId, {
        name: 'internal',
        channel: 'slack',
        address: 'http://127.0.0.1:9/x',
      }),
      /FIREBREAK_ALLOW_PRIVATE_NETWORKS/,
    );
    await module.routing.create(admin, workspaceId, { name: 'all', channelIds: [ch.id] });
  });

  it('concurrent signals of one storm land in one alert', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => module.alerts.accept([signal(i + 1)])),
    );
    await module.alerts.drain();
    const ids = new Set(results.map(([a]) => a?.id));
    assert.equal(ids.size, 1);
    const list = await module.alerts.list(workspaceId, { limit: 10 });
    assert.equal(list.length, 1);
    assert.equal(list[0].signalCount, 20);
    assert.deepEqual(list[0].signalTypes.sort(), ['emerging_terms', 'volume_spike']);
    assert.equal(notifiers.sent.length, 1, 'opened once, never re-notified at the same severity');
    assert.ok(notifiers.sent[0].message.title.includes('茶叶 Co'));
    assert.ok(notifiers.sent[0].message.body.includes('泄露'));
  });

  it('a failed delivery is recorded on the channel health and as a delivery row', async () => {
    notifiers.failNext = 1;
    clock.advance(60_000);
    await module.alerts.accept([signal(99, 4)]);
    await module.alerts.drain();
    const [alert] = await module.alerts.list(workspaceId, { limit: 1 });
    const deliveries = await module.alerts.deliveries(workspaceId, alert.id);
    assert.deepEqual(
      deliveries.map((d) => [d.reason, d.ok, d.status]),
      [
        ['opened', true, 200],
        ['severity_raised', false, 404],
      ],
    );
    const [channel] = await module.channels.list(workspaceId);
    assert.deepEqual([channel.health.consecutiveFailures, channel.health.lastError], [1, 'HTTP 404']);
  });

  it('switches a channel off after repeated failed deliveries, and audits why', async () => {
    const [channel] = await module.channels.list(workspaceId);
    const failed = { ok: false, attempts: 5, error: 'HTTP 410: gone', log: [] };
    assert.equal(await module.channels.recordOutcome(channel.id, failed), false);
    assert.equal(await module.channels.recordOutcome(channel.id, failed), true, 'the third failure in a row');
    const after = await module.channels.find(workspaceId, channel.id);
    assert.deepEqual([after.enabled, after.health.consecutiveFailures], [false, 3]);
    const audit = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'notification_channel.auto_disable')
      .execute();
    assert.equal(audit.length, 1);
    assert.match(audit[0].after!, /HTTP 410/);
    assert.deepEqual(
      await module.channels.targets(workspaceId, [channel.id]),
      [],
      'disabled channels get nothing',
    );
    const fixed = await module.channels.update(admin, workspaceId, channel.id, { enabled: true });
    assert.deepEqual([fixed.enabled, fixed.health.consecutiveFailures], [true, 0]);
  });

  it('a stale write loses: an alert changed meanwhile gives a conflict, not a silent overwrite', async () => {
    const [alert] = await module.alerts.list(workspaceId, { limit: 1 });
    // openCrisis runs between reading and writing the alert; someone resolves it in that moment.
    const racing = createAlertsModule({
      db: store.db,
      clock,
      notifiers,
      secretKey: key,
      allowPrivateNetworks: false,
      brandInfo: async () => undefined,
      openCrisis: async () => {
        await module.alerts.act(admin, workspaceId, alert.id, 'resolve');
        return 'crs_raced';
      },
    });
    await assert.rejects(racing.alerts.act(admin, workspaceId, alert.id, 'escalate'), { code: 'conflict' });
    const stored = await module.alerts.get(workspaceId, alert.id);
    assert.deepEqual([stored.status, stored.crisisId], ['resolved', null]);
  });

  it('signals below the brand minimum severity open nothing', async () => {
    await module.settings.updateDetectorSettings(admin, workspaceId, 'brd_quiet', { minAlertSeverity: 3 });
    const quiet: Signal = { ...signal(200, 2), brandId: 'brd_quiet' };
    const [result] = await module.alerts.accept([quiet]);
    assert.equal(result, undefined);
    const [loud] = await module.alerts.accept([{ ...quiet, id: 'sig_201', evidence: { severity: 3 } }]);
    assert.equal(loud?.severity, 3);
    await module.alerts.drain();
  });
});
