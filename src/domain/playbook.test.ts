/** The playbook file format: deadlines, path- and line-named problems, canonical YAML, choosing by fit. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  describeProblem,
  formatAt,
  parseAt,
  parsePlaybookYaml,
  playbookFit,
  playbookToYaml,
} from './playbook.ts';

const example = readFileSync(new URL('../../test/playbooks/example.yaml', import.meta.url), 'utf8');
const problems = (yaml: string) => {
  const r = parsePlaybookYaml(yaml);
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems.map(describeProblem);
};

describe('playbook files', () => {
  it('reads deadlines written as T+15m, T+2h, T+1d, T+1h30m', () => {
    assert.deepEqual(
      ['T+0', 'T+15m', 'T+2h', 'T+1d', 'T+1h30m', 'T + 45m'].map(parseAt),
      [0, 15, 120, 1440, 90, 45],
    );
    assert.equal(parseAt('T+'), null);
    assert.equal(parseAt('15m'), null);
    assert.deepEqual([0, 15, 120, 1440, 90, 1530].map(formatAt), [
      'T+0m',
      'T+15m',
      'T+2h',
      'T+1d',
      'T+1h30m',
      'T+1d1h30m',
    ]);
  });

  it('accepts the example and turns deadlines into minutes', () => {
    const r = parsePlaybookYaml(example);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(
      r.spec.steps.map((s) => [s.id, s.dueMinutes]),
      [
        ['alert_team', 0],
        ['holding', 15],
        ['approve', 60],
      ],
    );
    assert.deepEqual(r.spec.statements[0]?.approvals, ['legal', 'spokesperson']);
  });

  it('names the path and line of every problem at once', () => {
    const bad = example
      .replace('{{incident_summary}}. We', '{{#x}}{{incident_summary}}{{/x}}. We')
      .replace('owner: legal', 'owner: lawyer')
      .replace('    statement: holding\n  - id: approve', '    statement: final\n  - id: approve')
      .replace('"We are on it;', '"{{incident_sumary}} We are on it;');
    assert.deepEqual(problems(bad), [
      'steps[1].statement (line 20): no statement of kind "final" in this playbook (statements: holding)',
      'steps[2].owner (line 24): unknown role "lawyer": use a standard role (crisis_lead, spokesperson, legal, it_security, social_media, customer_service, marketing, executive_sponsor) or one declared under roles',
      'statements[0].templates[0].body (line 34): sections ({{#…}}) are not allowed: templates are logic-less at 14',
      'replies[0].body (line 42): unknown variable {{incident_sumary}}: use brand, incident_summary, statement_url, crisis_title, date, contact_email, compensation or declare it under variables',
    ]);
  });

  it('reports schema problems by path: unknown keys, bad kinds, bad deadlines, missing fields', () => {
    const bad = example
      .replace('kind: approval', 'kind: aprove')
      .replace('at: T+15m', 'at: soon')
      .replace('        lang: he\n', '');
    const found = problems(bad);
    assert.ok(
      found.some((p) => p.startsWith('steps[2].kind (line 23)')),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => p.startsWith('steps[1].at (line 16): "soon" is not a time')),
      found.join('\n'),
    );
    assert.ok(
      found.some((p) => p.startsWith('statements[0].templates[1].lang')),
      found.join('\n'),
    );
  });

  it('names an unknown key (a typo) at its line', () => {
    assert.deepEqual(
      problems(
        example.replace('appliesTo:', 'apliesTo:').replace('    title: Approve it', '    titel: Approve it'),
      ),
      [
        'apliesTo (line 4): unknown key "apliesTo"',
        'steps[2].title (line 21): Invalid input: expected string, received undefined',
        'steps[2].titel (line 25): unknown key "titel"',
      ],
    );
  });

  it('declared custom roles and variables are accepted; standard ones may not be redeclared', () => {
    const custom = example
      .replace(
        'steps:\n',
        'roles:\n  - key: cabin_crew_lead\n    name: Cabin crew lead\nvariables:\n  - name: flight\nsteps:\n',
      )
      .replace('owner: legal', 'owner: cabin_crew_lead')
      .replace('We are sorry.', 'We are sorry about flight {{flight}}.');
    assert.ok(parsePlaybookYaml(custom).ok);
    const redeclared = custom.replace('key: cabin_crew_lead', 'key: legal');
    assert.ok(
      problems(redeclared).some((p) => p.startsWith('roles[0].key (line 9): "legal" is a standard role')),
    );
  });

  it('refuses YAML syntax errors, duplicate keys and aliases with their line', () => {
    assert.deepEqual(problems('key: a\nkey: b\n'), ['(file) (line 2): Map keys must be unique']);
    assert.ok(problems('a: &x [1]\nb: *x\n')[0]?.includes('aliases'));
    assert.ok(problems('key: [unclosed\n')[0]?.startsWith('(file) (line'));
  });

  it('canonical YAML round-trips: parse(toYaml(spec)) is the spec, and toYaml is a fixed point', () => {
    const r = parsePlaybookYaml(example);
    assert.ok(r.ok);
    const yaml = playbookToYaml(r.spec);
    const again = parsePlaybookYaml(yaml);
    assert.ok(again.ok);
    assert.deepEqual(again.spec, r.spec);
    assert.equal(playbookToYaml(again.spec), yaml);
    assert.match(yaml, /approvals: \[legal, spokesperson\]/);
    assert.match(yaml, /at: T\+1h\n/);
  });

  it('fit: the most specific playbook wins, severity floors and lists exclude', () => {
    const r = parsePlaybookYaml(example);
    assert.ok(r.ok);
    const spec = r.spec;
    const generic = { ...spec, appliesTo: { crisisTypes: [], categories: [], minSeverity: 1 } };
    const typed = {
      ...spec,
      appliesTo: { crisisTypes: ['external_force' as const], categories: [], minSeverity: 1 },
    };
    const q = { type: 'external_force' as const, category: 'data_breach', severity: 3 as const };
    const fits = [spec, generic, typed].map((s) => playbookFit(s, q) ?? -1);
    assert.ok(fits[0]! > fits[2]! && fits[2]! > fits[1]! && fits[1]! >= 0, String(fits));
    assert.equal(playbookFit(spec, { ...q, severity: 1 }), null);
    assert.equal(playbookFit(spec, { ...q, category: null }), null);
    assert.equal(playbookFit(spec, { ...q, type: 'self_inflicted' }), null);
  });
});
