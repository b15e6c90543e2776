/**
 * The demo workspace starts with the default playbook library (installed when the workspace is created),
 * and a demo workspace that already exists picks up library changes on the next start. SQLite only: the
 * library logic is tested on both databases in playbooks-api.test.ts; this is about the demo wiring.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../../src/demo/seed.ts';
import { parsePlaybookYaml } from '../../src/domain/playbook.ts';
import { readLibrary } from '../../src/modules/playbooks/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const keys = readLibrary()
  .map((f) => parsePlaybookYaml(f.source))
  .flatMap((r) => (r.ok ? [r.spec.key] : []))
  .sort();

describe('the demo workspace and the playbook library', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ database: 'sqlite' });
  });
  after(async () => {
    await t.close();
  });

  it('the demo workspace has every library playbook, and the data-breach one fits its crisis', async () => {
    const { workspaceId } = await seedDemo(t.ctx, { speed: 0 });
    const list = await t.ctx.playbooks.list(workspaceId);
    assert.deepEqual(list.map((p) => p.key).sort(), keys);
    const chosen = await t.ctx.playbooks.choose(workspaceId, {
      type: 'external_force',
      category: 'data_breach',
      severity: 3,
    });
    assert.equal(chosen?.key, 'data-breach');

    // A demo created before a playbook existed gets it on the next start; nothing else changes.
    const db = t.ctx.store.db;
    await db
      .deleteFrom('playbooks')
      .where('workspace_id', '=', workspaceId)
      .where('key', '=', 'disinformation')
      .execute();
    await seedDemo(t.ctx, { speed: 0 });
    const again = await t.ctx.playbooks.list(workspaceId);
    assert.deepEqual(again.map((p) => p.key).sort(), keys);
    assert.ok(again.every((p) => p.version === 1));
  });
});
