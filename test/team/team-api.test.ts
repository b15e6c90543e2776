/**
 * The crisis team through the HTTP API on SQLite and PostgreSQL: people CRUD, custom roles, primaries
 * and ordered deputies, `peopleForRole` ordering (primary first, deputies in order, available before
 * unavailable), `rolesOfUser` through a linked login, escalation order, ambassadors; viewers and
 * responders cannot write; every write is in the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parsePlaybookYaml } from '../../src/domain/playbook.ts';
import { readLibrary } from '../../src/modules/playbooks/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

/** Custom roles the default playbook library declares (installed with it into every new workspace). */
const libraryRoles = [
  ...new Set(
    readLibrary().flatMap((f) => {
      const checked = parsePlaybookYaml(f.source);
      return checked.ok ? checked.spec.roles.map((r) => r.key) : [];
    }),
  ),
];

for (const database of (process.env.DBS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>) {
  describe(`the crisis team through the API (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    let viewer: string;
    let responder: string;
    const ids: Record<string, string> = {};

    before(async () => {
      if (skip) return;
      t = await startTestApp({ database });
      viewer = await t.tokenFor('viewer');
      responder = await t.tokenFor('responder');
    });
    after(async () => {
      if (!skip) await t.close();
    });

    it('adds people with contacts and refuses bad input', { skip }, async () => {
      for (const [name, extra] of [
        ['Dana Levi', { email: 'dana@acme.example', phone: '+972 50 123 4567', slack: '@dana' }],
        ['Lior Cohen', { email: 'lior@acme.example', telegram: '@liorc' }],
        [
          'Yossi Mizrahi',
          { email: 'yossi@acme.example', availability: 'unavailable', availabilityNote: 'on leave' },
        ],
        ['Ира Петрова', { email: 'ira@acme.example', availability: 'on_call' }],
        ['王芳', { email: 'wang@acme.example' }],
      ] as const) {
        const res = await t.api('POST', '/api/v1/team/people', { body: { name, ...extra } });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        ids[name] = res.body.id;
      }
      const dana = await t.api('GET', `/api/v1/team/people/${ids['Dana Levi']}`, { token: viewer });
      assert.deepEqual(
        [dana.body.name, dana.body.email, dana.body.phone, dana.body.slack, dana.body.available],
        ['Dana Levi', 'dana@acme.example', '+972 50 123 4567', '@dana', true],
      );
      const bad = await t.api('POST', '/api/v1/team/people', { body: { name: 'X', email: 'not-an-email' } });
      assert.equal(bad.status, 400);
      const unknownField = await t.api('POST', '/api/v1/team/people', { body: { name: 'X', role: 'legal' } });
      assert.equal(unknownField.status, 400);
    });

    it('orders the people of a role: primaries, deputies in order, available before unavailable', {
      skip,
    }, async () => {
      const res = await t.api('PUT', '/api/v1/team/roles/legal/holders', {
        body: {
          primary: [ids['Yossi Mizrahi']],
          deputies: [ids.王芳, ids['Lior Cohen'], ids['Ира Петрова']],
        },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.holders.map((h: { name: string; primary: boolean }) => [h.name, h.primary]),
        [
          ['Yossi Mizrahi', true],
          ['王芳', false],
          ['Lior Cohen', false],
          ['Ира Петрова', false],
        ],
      );
      const people = await t.api('GET', '/api/v1/team/roles/legal/people', { token: viewer });
      // Yossi is the primary but on leave: he comes after every available deputy, who keep their order.
      assert.deepEqual(
        people.body.map((p: { name: string }) => p.name),
        ['王芳', 'Lior Cohen', 'Ира Петрова', 'Yossi Mizrahi'],
      );
      await t.api('PATCH', `/api/v1/team/people/${ids['Yossi Mizrahi']}`, {
        body: { availability: 'available' },
      });
      const back = await t.ctx.team.peopleForRole(t.workspaceId, 'legal');
      assert.deepEqual(
        back.map((p) => p.name),
        ['Yossi Mizrahi', '王芳', 'Lior Cohen', 'Ира Петрова'],
      );
      assert.deepEqual(back[0]?.roles, ['legal']);
      assert.equal(back[0]?.available, true);
      assert.deepEqual(await t.ctx.team.peopleForRole(t.workspaceId, 'marketing'), []);

      const twice = await t.api('PUT', '/api/v1/team/roles/legal/holders', {
        body: { primary: [ids['Dana Levi']], deputies: [ids['Dana Levi']] },
      });
      assert.equal(twice.status, 400);
      const ghost = await t.api('PUT', '/api/v1/team/roles/legal/holders', {
        body: { primary: ['tpp_nobody'] },
      });
      assert.equal(ghost.status, 404);
      const noRole = await t.api('PUT', '/api/v1/team/roles/astrologer/holders', { body: { primary: [] } });
      assert.equal(noRole.status, 404);
    });

    it('custom roles, the roles of a login user, the escalation order', { skip }, async () => {
      const role = await t.api('POST', '/api/v1/team/roles', {
        body: { key: 'cabin_crew_lead', name: 'Cabin crew lead', escalateAfterMinutes: 10 },
      });
      assert.equal(role.status, 201, JSON.stringify(role.body));
      assert.equal(
        (await t.api('POST', '/api/v1/team/roles', { body: { key: 'legal', name: 'Legal' } })).status,
        409,
      );
      await t.api('PUT', '/api/v1/team/roles/cabin_crew_lead/holders', {
        body: { primary: [ids['Lior Cohen']] },
      });

      // Link Lior to a login user with the approver workspace role.
      await t.tokenFor('approver', 'lior@acme.example');
      const user = await t.ctx.auth.findUserByEmail('lior@acme.example');
      assert.ok(user);
      const linked = await t.api('PATCH', `/api/v1/team/people/${ids['Lior Cohen']}`, {
        body: { userId: user.id },
      });
      assert.equal(linked.status, 200, JSON.stringify(linked.body));
      assert.deepEqual(await t.ctx.team.rolesOfUser(t.workspaceId, user.id), ['legal', 'cabin_crew_lead']);
      assert.deepEqual(await t.ctx.team.rolesOfUser(t.workspaceId, 'usr_nobody'), []);
      // One login, one team member; a stranger cannot be linked.
      const again = await t.api('PATCH', `/api/v1/team/people/${ids['Dana Levi']}`, {
        body: { userId: user.id },
      });
      assert.equal(again.status, 409);
      const stranger = await t.api('PATCH', `/api/v1/team/people/${ids['Dana Levi']}`, {
        body: { userId: 'usr_x' },
      });
      assert.equal(stranger.status, 400);

      // The standard eight in their order, then custom roles by key: ours and those the default
      // library declared when it was installed into the workspace (e.g. quality_assurance).
      const roles = await t.api('GET', '/api/v1/team/roles', { token: viewer });
      assert.deepEqual(
        roles.body.map((r: { key: string }) => r.key),
        [
          'crisis_lead',
          'spokesperson',
          'legal',
          'it_security',
          'social_media',
          'customer_service',
          'marketing',
          'executive_sponsor',
          ...['cabin_crew_lead', ...libraryRoles].sort(),
        ],
      );
      await t.api('PUT', '/api/v1/team/roles/crisis_lead/holders', { body: { primary: [ids['Dana Levi']] } });
      const esc = await t.api('PUT', '/api/v1/team/escalation', {
        body: { roles: ['crisis_lead', 'legal'] },
      });
      assert.equal(esc.status, 200, JSON.stringify(esc.body));
      assert.deepEqual(
        esc.body.map((e: { role: string; people: Array<{ name: string }> }) => [e.role, e.people[0]?.name]),
        [
          ['crisis_lead', 'Dana Levi'],
          ['legal', 'Yossi Mizrahi'],
        ],
      );
      assert.equal(
        (await t.api('PUT', '/api/v1/team/escalation', { body: { roles: ['nobody_role'] } })).status,
        404,
      );

      const removed = await t.api('DELETE', '/api/v1/team/roles/cabin_crew_lead');
      assert.equal(removed.status, 204);
      assert.deepEqual(await t.ctx.team.rolesOfUser(t.workspaceId, user.id), ['legal']);
      assert.equal((await t.api('DELETE', '/api/v1/team/roles/legal')).status, 400);
    });

    it('ambassadors and friendly influencers are a separate list with channels', { skip }, async () => {
      const a = await t.api('POST', '/api/v1/team/ambassadors', {
        body: {
          name: 'Noa the frequent flyer',
          kind: 'ambassador',
          channels: [{ platform: 'instagram', handle: '@noa.flies', url: 'https://instagram.com/noa.flies' }],
          languages: ['he', 'en'],
        },
      });
      assert.equal(a.status, 201, JSON.stringify(a.body));
      const i = await t.api('POST', '/api/v1/team/ambassadors', {
        body: {
          name: 'Travel blogger',
          kind: 'influencer',
          channels: [{ platform: 'telegram', handle: '@travel' }],
        },
      });
      assert.equal(i.status, 201);
      const bad = await t.api('POST', '/api/v1/team/ambassadors', {
        body: { name: 'X', channels: [{ platform: 'x', handle: '@x', url: 'javascript:alert(1)' }] },
      });
      assert.equal(bad.status, 400);
      await t.api('PATCH', `/api/v1/team/ambassadors/${i.body.id}`, { body: { active: false } });
      const active = await t.ctx.team.ambassadors(t.workspaceId);
      assert.deepEqual(
        active.map((x) => [x.name, x.kind, x.channels[0]?.handle]),
        [['Noa the frequent flyer', 'ambassador', '@noa.flies']],
      );
      const all = await t.api('GET', '/api/v1/team/ambassadors?all=true', { token: viewer });
      assert.equal(all.body.length, 2);
      const overview = await t.api('GET', '/api/v1/team', { token: viewer });
      assert.deepEqual(Object.keys(overview.body), ['people', 'roles', 'escalation', 'ambassadors']);
      assert.equal(overview.body.people.length, 5);
    });

    it('viewers and responders cannot write; removal takes a person off their roles; writes are audited', {
      skip,
    }, async () => {
      const writes: Array<[string, string, unknown]> = [
        ['POST', '/api/v1/team/people', { name: 'Mallory' }],
        ['PATCH', `/api/v1/team/people/${ids['Dana Levi']}`, { availability: 'unavailable' }],
        ['DELETE', `/api/v1/team/people/${ids['Dana Levi']}`, undefined],
        ['POST', '/api/v1/team/roles', { key: 'x_role', name: 'X' }],
        ['PUT', '/api/v1/team/roles/legal/holders', { primary: [] }],
        ['PUT', '/api/v1/team/escalation', { roles: [] }],
        ['POST', '/api/v1/team/ambassadors', { name: 'Mallory' }],
      ];
      for (const token of [viewer, responder]) {
        for (const [method, path, body] of writes) {
          const res = await t.api(method, path, { token, body });
          assert.equal(res.status, 403, `${method} ${path}`);
        }
      }
      assert.equal((await t.api('GET', '/api/v1/team/people', { token: null })).status, 401);
      const dana = await t.ctx.team.getPerson(t.workspaceId, ids['Dana Levi'] as string);
      assert.equal(dana.availability, 'available', 'refused writes changed nothing');

      assert.equal((await t.api('DELETE', `/api/v1/team/people/${ids['Yossi Mizrahi']}`)).status, 204);
      assert.deepEqual(
        (await t.ctx.team.peopleForRole(t.workspaceId, 'legal')).map((p) => p.name),
        ['王芳', 'Lior Cohen', 'Ира Петрова'],
      );
      const audit = await t.api('GET', '/api/v1/audit?limit=500');
      const actions = new Set((audit.body.items ?? audit.body).map((e: { action: string }) => e.action));
      for (const action of [
        'team.person.create',
        'team.person.update',
        'team.person.delete',
        'team.role.create',
        'team.role.delete',
        'team.role.holders',
        'team.escalation.set',
        'team.ambassador.create',
        'team.ambassador.update',
      ]) {
        assert.ok(actions.has(action), `${action} is audited`);
      }
    });
  });
}
