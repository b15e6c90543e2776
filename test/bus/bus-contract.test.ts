/** Every Bus adapter: delivery to each consumer group, redelivery after a failing handler, drain, backpressure. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { MemoryBus } from '../../src/bus/memory/memory-bus.ts';
import { NatsBus } from '../../src/bus/nats/nats-bus.ts';
import type { Bus } from '../../src/ports/bus.ts';
import { natsUrl, serviceSkipReason } from '../support/services.ts';

const natsSkip = await serviceSkipReason('NATS', natsUrl);

const adapters: { name: string; skip?: string; open(): Promise<Bus & { destroy?(): Promise<void> }> }[] = [
  { name: 'memory', open: async () => new MemoryBus({ capacity: 4 }) },
  {
    name: 'nats',
    skip: natsSkip,
    open: () =>
      NatsBus.connect({ servers: natsUrl, stream: `FBTEST_${randomBytes(4).toString('hex').toUpperCase()}` }),
  },
];

for (const adapter of adapters) {
  describe(`Bus contract: ${adapter.name}`, { skip: adapter.skip }, () => {
    it('delivers every message once to each consumer group, in order', async () => {
      const bus = await adapter.open();
      try {
        const a: number[] = [];
        const b: number[] = [];
        await bus.subscribe<number>('mentions.stored', 'detect', (n) => void a.push(n));
        await bus.subscribe<number>('mentions.stored', 'inbox', (n) => void b.push(n));
        for (let i = 0; i < 20; i++) await bus.publish('mentions.stored', i);
        await bus.drain();
        const expected = Array.from({ length: 20 }, (_, i) => i);
        assert.deepEqual(a, expected);
        assert.deepEqual(b, expected);
      } finally {
        await bus.close();
        await bus.destroy?.();
      }
    });

    it('redelivers a message whose handler failed', async () => {
      const bus = await adapter.open();
      try {
        let attempts = 0;
        const seen: string[] = [];
        await bus.subscribe<string>('mentions.stored', 'flaky', (s) => {
          attempts++;
          if (attempts === 1) throw new Error('transient');
          seen.push(s);
        });
        await bus.publish('mentions.stored', 'אקמה');
        await bus.drain();
        assert.deepEqual(seen, ['אקמה']);
        assert.equal(attempts, 2);
      } finally {
        await bus.close();
        await bus.destroy?.();
      }
    });
  });
}

describe('MemoryBus backpressure', () => {
  it('makes a publisher wait while a slow consumer has a full queue', async () => {
    const bus = new MemoryBus({ capacity: 2 });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const handled: number[] = [];
    await bus.subscribe<number>('s', 'slow', async (n) => {
      await gate;
      handled.push(n);
    });
    let published = 0;
    const producer = (async () => {
      for (let i = 0; i < 10; i++) {
        await bus.publish('s', i);
        published++;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    // One message in the handler, two queued: the fourth publish waits.
    assert.equal(published, 3);
    release();
    await producer;
    await bus.drain();
    assert.equal(handled.length, 10);
  });
});
