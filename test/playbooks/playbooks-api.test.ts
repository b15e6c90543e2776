/**
 * Playbooks through the HTTP API on SQLite and PostgreSQL: every default library file is installed in a
 * new workspace, validates, and round-trips YAML → API → YAML unchanged; invalid files are refused with
 * every problem named by path; importing a changed file makes the next version, the same text none;
 * `choose` picks the most specific; viewers and responders cannot write; every write is audited.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parsePlaybookYaml, playbookToYaml } from '../../src/domain/playbook.ts';
import { readLibrary } from '../../src/modules/playbooks/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgresAdminUrl, serviceSkipReason } from '../support/services.ts';

const example = readFileSync(new URL('./example.yaml', import.meta.url), 'utf8');
const library = readLibrary();
const yamlHeaders = { 'content-type': 'text/yaml' };

for (const database of (process.env.DBS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>) {
  describe(`playbooks through the API (${database})`, async () => {
    const skip =
      database === 'postgres' ? await serviceSkipReason('PostgreSQL', postgresAdminUrl) : undefined;
    let t: TestApp;
    let viewer: string;
    let responder: string;

    before(async () => {
      if (skip) return;
      t = await startTestApp({ database });
      viewer = await t.tokenFor('viewer');
      responder = await t.tokenFor('responder');
    });
    after(async () => {
      if (!skip) await t.close();
    });

    it('the default library is there and every file is installed in a new workspace', { skip }, async () => {
      assert.ok(library.length >= 1, 'playbooks/*.yaml at the package root holds the default library');
      const list = await t.api('GET', '/api/v1/playbooks', { token: viewer });
      assert.equal(list.status, 200);
      for (const f of library) {
        const checked = parsePlaybookYaml(f.source);
        assert.ok(checked.ok, `${f.file}: ${JSON.stringify(!checked.ok && checked.problems)}`);
        const found = list.body.find((p: { key: string }) => p.key === checked.spec.key);
        assert.ok(found, `${f.file} (${checked.spec.key}) is installed`);
        assert.equal(found.version, 1);
        assert.equal(found.origin, 'library');
      }
    });

    it('every library file round-trips YAML → API → YAML unchanged', { skip }, async () => {
      for (const f of library) {
        const checked = parsePlaybookYaml(f.source);
        assert.ok(checked.ok);
        const key = checked.spec.key;
        const json = await t.api('GET', `/api/v1/playbooks/${key}`, { token: viewer });
        assert.equal(json.status, 200);
        assert.deepEqual(json.body.spec, JSON.parse(JSON.stringify(checked.spec)), `${f.file}: JSON spec`);
        const yaml = await t.api('GET', `/api/v1/playbooks/${key}/yaml`, { token: viewer });
        assert.equal(yaml.status, 200);
        assert.match(yaml.headers.get('content-type') ?? '', /^text\/yaml/);
        assert.equal(yaml.body, f.source.replace(/\r\n?/g, '\n'), `${f.file}: exported YAML is the file`);
        // And the JSON from the API serialises to YAML that reads back as the same spec.
        const again = parsePlaybookYaml(playbookToYaml(json.body.spec));
        assert.ok(again.ok);
        assert.deepEqual(JSON.parse(JSON.stringify(again.spec)), json.body.spec, `${f.file}: canonical YAML`);
        // Importing the exported file again changes nothing.
        const reimport = await t.api('POST', '/api/v1/playbooks/import', {
          raw: yaml.body,
          headers: yamlHeaders,
        });
        assert.equal(reimport.status, 200);
        assert.equal(reimport.body.created, false);
        assert.equal(reimport.body.playbook.version, 1);
      }
    });

    it('imports YAML, versions changed files, keeps identical ones, exports any version', {
      skip,
    }, async () => {
      const first = await t.api('POST', '/api/v1/playbooks/import', { raw: example, headers: yamlHeaders });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.playbook.version, 1);
      assert.equal(first.body.playbook.spec.steps[2].dueMinutes, 60);

      const same = await t.api('POST', '/api/v1/playbooks/import', { body: { yaml: example } });
      assert.equal(same.status, 200);
      assert.deepEqual([same.body.created, same.body.playbook.version], [false, 1]);

      const changed = example.replace('at: T+1h', 'at: T+45m');
      const second = await t.api('POST', '/api/v1/playbooks/import', { raw: changed, headers: yamlHeaders });
      assert.equal(second.status, 201);
      assert.equal(second.body.playbook.version, 2);
      assert.equal(second.body.playbook.spec.steps[2].dueMinutes, 45);

      const latest = await t.api('GET', '/api/v1/playbooks/data-breach-example', { token: viewer });
      assert.equal(latest.body.version, 2);
      const v1 = await t.api('GET', '/api/v1/playbooks/data-breach-example?version=1', { token: viewer });
      assert.equal(v1.body.spec.steps[2].dueMinutes, 60);
      const exported = await t.api('GET', '/api/v1/playbooks/data-breach-example/export?version=1', {
        token: viewer,
      });
      assert.equal(exported.body, example);
      assert.match(exported.headers.get('content-disposition') ?? '', /data-breach-example\.v1\.yaml/);
      const versions = await t.api('GET', '/api/v1/playbooks/data-breach-example/versions', {
        token: viewer,
      });
      assert.deepEqual(
        versions.body.map((v: { version: number }) => v.version),
        [2, 1],
      );
      assert.equal((await t.api('GET', '/api/v1/playbooks/data-breach-example?version=9')).status, 404);

      // What changed between the versions, as a reviewer reads a pull request.
      const diff = await t.api('GET', '/api/v1/playbooks/data-breach-example/diff', { token: viewer });
      assert.equal(diff.status, 200);
      assert.deepEqual([diff.body.from, diff.body.to], [1, 2]);
      assert.match(diff.body.diff, /^-\s+at: T\+1h$/m);
      assert.match(diff.body.diff, /^\+\s+at: T\+45m$/m);
      assert.doesNotMatch(diff.body.diff, /^[-+]\s+kind:/m, 'only the changed line');
      const none = await t.api('GET', '/api/v1/playbooks/data-breach-example/diff?from=2&to=2');
      assert.doesNotMatch(none.body.diff, /^[-+]\s/m);
      assert.equal((await t.api('GET', '/api/v1/playbooks/data-breach-example/diff?from=7')).status, 404);

      // The contract the crises module uses.
      assert.equal((await t.ctx.playbooks.get(t.workspaceId, 'data-breach-example'))?.version, 2);
      assert.equal((await t.ctx.playbooks.get(t.workspaceId, 'data-breach-example', 1))?.version, 1);
      assert.equal(await t.ctx.playbooks.get(t.workspaceId, 'nope'), null);

      const audit = await t.api('GET', '/api/v1/audit?action=playbook.import');
      assert.equal(audit.status, 200);
      const imports = (audit.body.items ?? audit.body).filter(
        (e: { after?: { key?: string } }) => e.after?.key === 'data-breach-example',
      );
      assert.equal(imports.length, 2, 'two versions, two audit records');
    });

    it('refuses an invalid file with 400 naming every problem by path and line', { skip }, async () => {
      const bad = example
        .replace('{{incident_summary}}. We', '{{#x}}boom{{/x}}. We')
        .replace('owner: legal', 'owner: lawyer')
        .replace('    statement: holding\n  - id: approve', '    statement: final\n  - id: approve');
      const res = await t.api('POST', '/api/v1/playbooks/import', { raw: bad, headers: yamlHeaders });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(
        res.body.error.details.problems.map((p: { path: string; line: number }) => `${p.path}@${p.line}`),
        ['steps[1].statement@20', 'steps[2].owner@24', 'statements[0].templates[0].body@34'],
      );
      assert.match(res.body.error.details.problems[2].message, /sections .* not allowed.* at 14/);

      const check = await t.api('POST', '/api/v1/playbooks/validate', {
        raw: bad,
        headers: yamlHeaders,
        token: viewer,
      });
      assert.equal(check.status, 200);
      assert.equal(check.body.ok, false);
      assert.equal(check.body.problems.length, 3);
      const good = await t.api('POST', '/api/v1/playbooks/validate', {
        body: { yaml: example },
        token: viewer,
      });
      assert.equal(good.body.ok, true);

      const broken = await t.api('POST', '/api/v1/playbooks/import', {
        raw: 'key: [oops\n',
        headers: yamlHeaders,
      });
      assert.equal(broken.status, 400);
      assert.ok(broken.body.error.details.problems[0].line >= 1);
      assert.equal(broken.body.error.details.problems[0].path, '');
    });

    it('choose: the most specific applicable playbook wins', { skip }, async () => {
      const generic = example
        .replace('key: data-breach-example', 'key: generic-example')
        .replace(
          '  crisisTypes: [external_force, technical_error]\n  categories: [data_breach]\n  minSeverity: 2\n',
          '  minSeverity: 1\n',
        );
      assert.equal(
        (await t.api('POST', '/api/v1/playbooks/import', { raw: generic, headers: yamlHeaders })).status,
        201,
      );
      const choose = (body: unknown) => t.api('POST', '/api/v1/playbooks/choose', { body, token: viewer });
      const breach = await choose({ type: 'external_force', category: 'data_breach', severity: 3 });
      assert.equal(breach.status, 200);
      assert.ok(breach.body.spec.appliesTo.categories.includes('data_breach'), breach.body.key);
      assert.notEqual(breach.body.key, 'generic-example');
      const other = await t.ctx.playbooks.choose(t.workspaceId, {
        type: 'unknown',
        category: 'praise',
        severity: 1,
      });
      assert.ok(other, 'the catch-all applies');
      const fit = other.spec.appliesTo;
      assert.ok(!fit.categories.length && !fit.crisisTypes.length, `${other.key} is a catch-all`);
    });

    it('viewers and responders cannot write; install-defaults is idempotent and keeps workspace versions', {
      skip,
    }, async () => {
      for (const token of [viewer, responder]) {
        const imp = await t.api('POST', '/api/v1/playbooks/import', {
          raw: example,
          headers: yamlHeaders,
          token,
        });
        assert.equal(imp.status, 403);
        assert.equal((await t.api('POST', '/api/v1/playbooks/install-defaults', { token })).status, 403);
      }
      assert.equal((await t.api('GET', '/api/v1/playbooks', { token: null })).status, 401);

      const again = await t.api('POST', '/api/v1/playbooks/install-defaults');
      assert.equal(again.status, 200);
      assert.equal(again.body.installed.length, 0);
      assert.equal(again.body.unchanged.length, library.length);
      assert.deepEqual(again.body.invalid, []);

      // A workspace's own edit of a library playbook is not overwritten by the library.
      const first = library[0];
      if (first) {
        const edited = `${first.source.replace(/\n*$/, '\n')}# edited by the PR team\n`;
        const own = await t.api('POST', '/api/v1/playbooks/import', { raw: edited, headers: yamlHeaders });
        assert.equal(own.status, 201);
        const after = await t.api('POST', '/api/v1/playbooks/install-defaults');
        assert.equal(after.body.customised.length, 1);
        assert.equal(after.body.customised[0].version, 2);
      }
    });
  });
}
