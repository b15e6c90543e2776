/**
 * The default playbook library (playbooks/*.yaml) as content: every seed scenario is covered (plus a
 * general plan for anything else), every file
 * validates and is in canonical form, every statement speaks English, Hebrew, Russian and Chinese, the
 * holding statement reaches every public channel, staff get an internal note before the public statement,
 * ambassadors are mobilised, the inbox has a reply per language that links the statement, and `choose`
 * sends each scenario's crisis to its own playbook. No database: the HTTP round trip is in playbooks-api.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CrisisType } from '../../src/domain/entities.ts';
import {
  type PlaybookSpec,
  parsePlaybookYaml,
  playbookFit,
  playbookToYaml,
  statementChannels,
} from '../../src/domain/playbook.ts';
import { checkTemplate } from '../../src/domain/template.ts';
import { readLibrary } from '../../src/modules/playbooks/index.ts';

const languages = ['en', 'he', 'ru', 'zh'];
const publicChannels = statementChannels.filter((c) => c !== 'internal');

const library = readLibrary().map((f) => {
  const checked = parsePlaybookYaml(f.source);
  assert.ok(checked.ok, `${f.file}: ${JSON.stringify(!checked.ok && checked.problems)}`);
  return { file: f.file, source: f.source, spec: checked.spec as PlaybookSpec };
});
const byKey = new Map(library.map((p) => [p.spec.key, p.spec]));

/** The seed scenarios and a crisis each would open: the library must send it to its own playbook. */
const scenarios: Array<{ key: string; type: CrisisType; category: string }> = [
  { key: 'inappropriate-post', type: 'self_inflicted', category: 'offensive_post' },
  { key: 'executive-scandal', type: 'self_inflicted', category: 'misconduct' },
  { key: 'product-recall', type: 'technical_error', category: 'product_defect' },
  { key: 'data-breach', type: 'external_force', category: 'data_breach' },
  { key: 'angry-customer', type: 'self_inflicted', category: 'complaint' },
  { key: 'disinformation', type: 'disinformation_attack', category: 'disinformation' },
  { key: 'account-takeover', type: 'external_force', category: 'impersonation' },
];

describe('the default playbook library', () => {
  it('covers every seed scenario', () => {
    for (const s of scenarios) assert.ok(byKey.has(s.key), `playbooks/ has no "${s.key}" playbook`);
  });

  it('every file validates and is already in canonical form', () => {
    for (const p of library) {
      assert.equal(playbookToYaml(p.spec), p.source, `${p.file}: run firebreak playbooks format --write`);
    }
  });

  it('every statement kind speaks en, he, ru and zh, every template is logic-less', () => {
    for (const { file, spec } of library) {
      for (const st of spec.statements) {
        const langs = new Set(st.templates.map((t) => t.lang));
        for (const lang of languages)
          assert.ok(langs.has(lang), `${file}: ${st.kind} has no ${lang} template`);
        for (const t of st.templates) {
          assert.deepEqual(checkTemplate(t.body), [], `${file}: ${st.kind}/${t.channel}/${t.lang}`);
        }
        assert.ok(st.approvals.length >= 1, `${file}: ${st.kind} needs at least one approval`);
      }
    }
  });

  it('the holding statement reaches the site and every social channel in every language', () => {
    for (const { file, spec } of library) {
      const holding = spec.statements.find((s) => s.kind === 'holding');
      assert.ok(holding, `${file}: no holding statement`);
      for (const channel of publicChannels.filter((c) => c !== 'email')) {
        for (const lang of languages) {
          assert.ok(
            holding.templates.some((t) => t.channel === channel && t.lang === lang),
            `${file}: holding has no ${channel}/${lang} template`,
          );
        }
      }
      // Public texts link the one official page; X posts stay within 280 characters before the link.
      for (const t of holding.templates) {
        if (t.channel === 'x') {
          const visible = t.body.replace('{{statement_url}}', 'x'.repeat(23)).replace(/\{\{\w+\}\}/g, '');
          assert.ok(visible.length <= 280, `${file}: x/${t.lang} is ${visible.length} characters`);
        }
      }
    }
  });

  it('staff get the internal note before the public statement; ambassadors and everyone get answers', () => {
    for (const { file, spec } of library) {
      const internal = spec.statements.find((s) => s.kind === 'internal');
      assert.ok(internal, `${file}: no internal note for phone and support staff`);
      assert.ok(internal.templates.every((t) => t.channel === 'internal'));
      const publishAt = (kind: string) =>
        spec.steps.find((s) => s.kind === 'publish' && s.statement === kind)?.dueMinutes;
      const internalAt = publishAt('internal');
      const holdingAt = publishAt('holding');
      assert.ok(internalAt !== undefined && holdingAt !== undefined, `${file}: publish steps`);
      assert.ok(internalAt <= holdingAt, `${file}: the internal note goes out first`);
      assert.ok(holdingAt <= 180, `${file}: the first public word is out within three hours`);
      assert.ok(
        spec.steps.some((s) => s.kind === 'notify_ambassadors'),
        `${file}: ambassadors`,
      );
      assert.ok(
        spec.steps.some((s) => s.kind === 'check_metric'),
        `${file}: metrics`,
      );
      assert.ok(
        spec.steps.some((s) => s.kind === 'notify_people'),
        `${file}: team call`,
      );
      // "Never delete": the plan says so in so many words.
      assert.match(JSON.stringify(spec.steps), /[Nn]ever delete|[Dd]o not delete/, `${file}: never delete`);
    }
  });

  it('canned replies exist in every language and link the official statement', () => {
    for (const { file, spec } of library) {
      for (const lang of languages) {
        const reply = spec.replies.find((r) => r.lang === lang);
        assert.ok(reply, `${file}: no ${lang} reply`);
        assert.match(reply.body, /\{\{statement_url\}\}/, `${file}: ${lang} reply links the statement`);
      }
    }
  });

  it('Hebrew templates are written in Hebrew, Russian in Cyrillic, Chinese in Han characters', () => {
    const script: Record<string, RegExp> = {
      he: /\p{Script=Hebrew}/u,
      ru: /\p{Script=Cyrillic}/u,
      zh: /\p{Script=Han}/u,
    };
    for (const { file, spec } of library) {
      const texts = [
        ...spec.statements.flatMap((s) =>
          s.templates.map((t) => ({ lang: t.lang, text: t.body, where: s.kind })),
        ),
        ...spec.replies.map((r) => ({ lang: r.lang, text: r.body, where: 'reply' })),
      ];
      for (const t of texts) {
        const re = script[t.lang];
        if (!re) continue;
        const letters = t.text.replace(/\{\{\w+\}\}/g, '').match(/\p{L}/gu) ?? [];
        const own = letters.filter((l) => re.test(l)).length;
        assert.ok(own / letters.length > 0.8, `${file}: ${t.where}/${t.lang} is mostly not in its script`);
      }
    }
  });

  it('choose sends each scenario to its own playbook', () => {
    for (const s of scenarios) {
      for (const severity of [1, 2, 3, 4] as const) {
        let best: { key: string; fit: number } | null = null;
        for (const spec of byKey.values()) {
          const fit = playbookFit(spec, { type: s.type, category: s.category, severity });
          if (fit !== null && (!best || fit > best.fit)) best = { key: spec.key, fit };
        }
        assert.equal(best?.key, s.key, `${s.type}/${s.category} at severity ${severity}`);
      }
    }
  });

  it('a crisis no scenario fits (no category yet, unknown type) gets the general plan', () => {
    const best = (q: { type: CrisisType; category: string | null; severity: 1 | 2 | 3 | 4 }) =>
      [...byKey.values()]
        .map((spec) => ({ key: spec.key, fit: playbookFit(spec, q) }))
        .filter((c) => c.fit !== null)
        .sort((a, b) => (b.fit ?? 0) - (a.fit ?? 0))[0]?.key;
    assert.equal(best({ type: 'external_force', category: null, severity: 3 }), 'general-crisis');
    assert.equal(best({ type: 'unknown', category: 'praise', severity: 1 }), 'general-crisis');
  });
});
