/**
 * The demo workspace starts with the default playbook library (installed when the workspace is created),
 * and a demo workspace that already exists picks up library changes on the next start. SQLite only: the
 * library logic is tested on both databases in playbooks-api.test.ts; this is about the demo wiring.
 * The demo's crisis team (data/demo/team.json) is seeded with the workspace.
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

  it('the demo workspace has a crisis team for every standard role, with a deputy on leave, seeded once', async () => {
    const { workspaceId } = await seedDemo(t.ctx, { speed: 0 });
    for (const role of [
      'crisis_lead',
      'spokesperson',
      'legal',
      'it_security',
      'social_media',
      'customer_service',
      'marketing',
      'executive_sponsor',
    ]) {
      const people = await t.ctx.team.peopleForRole(workspaceId, role);
      assert.ok(people.length >= 1 && people[0]!.available && people[0]!.email, role);
    }
    const leads = await t.ctx.team.peopleForRole(workspaceId, 'crisis_lead');
    assert.deepEqual(
      leads.map((p) => [p.name, p.available]),
      [
        ['Dana Levi · דנה לוי', true],
        ['Yael Bar · יעל בר', false],
      ],
    );
    assert.equal((await t.ctx.team.ambassadors(workspaceId)).length, 2);
    await seedDemo(t.ctx, { speed: 0 });
    assert.equal((await t.ctx.team.listPeople(workspaceId)).length, 9, 'a restart adds nobody');
  });
});
