import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTemplate, renderTemplate, templateVariables, variablesForLang } from './template.ts';

describe('statement templates', () => {
  it('fills variables in every language and keeps the text as written', () => {
    const he = 'אנו ב{{brand}} מצטערים. {{incident_summary}} פרטים: {{statement_url}}';
    const out = renderTemplate(he, {
      brand: 'אקמה אייר',
      incident_summary: 'דליפת מידע של לקוחות',
      statement_url: 'https://acme.example/s/breach',
    });
    assert.equal(
      out.text,
      'אנו באקמה אייר מצטערים. דליפת מידע של לקוחות פרטים: https://acme.example/s/breach',
    );
    assert.deepEqual(out.missing, []);
    const zh = renderTemplate('{{brand}}就{{incident_summary}}致歉。', {
      brand: '阿克米航空',
      incident_summary: '数据泄露',
    });
    assert.equal(zh.text, '阿克米航空就数据泄露致歉。');
    const ru = renderTemplate('{{brand}}: приносим извинения.', { brand: 'Акме Эйр' });
    assert.equal(ru.text, 'Акме Эйр: приносим извинения.');
  });

  it('reports missing and blank variables instead of rendering blanks', () => {
    const out = renderTemplate('We at {{brand}} apologise for {{incident_summary}}. {{brand}}', {
      brand: 'Acme',
      incident_summary: '  ',
    });
    assert.deepEqual(out.missing, ['incident_summary']);
    assert.equal(out.text, 'We at Acme apologise for {{incident_summary}}. Acme');
  });

  it('does not escape or interpret values: hostile text stays text, escaped later by each output', () => {
    const out = renderTemplate('{{brand}}', { brand: '<script>alert(1)</script> {{x}}' });
    assert.equal(out.text, '<script>alert(1)</script> {{x}}');
  });

  it('refuses logic, partials and unescaped tags with their position', () => {
    for (const [template, at] of [
      ['Hi {{#admin}}x{{/admin}}', 3],
      ['{{> header}}', 0],
      ['ok {{{brand}}}', 3],
      ['{{&brand}}', 0],
      ['{{^x}}{{/x}}', 0],
      ['{{=<% %>=}}', 0],
    ] as const) {
      const problems = checkTemplate(template);
      assert.ok(problems.length > 0, template);
      assert.equal(problems[0]?.at, at, template);
      assert.throws(() => renderTemplate(template, {}), /invalid template/);
    }
    assert.match(checkTemplate('Hello {{brand')[0]?.message ?? '', /unclosed/);
    assert.match(checkTemplate('{{ bad name! }}')[0]?.message ?? '', /not a variable name/);
  });

  it('lists the variables a template uses', () => {
    assert.deepEqual(templateVariables('{{brand}} {{ incident_summary }} {{brand}} {{! note }}'), [
      'brand',
      'incident_summary',
    ]);
    assert.deepEqual(checkTemplate('a {{! reviewer note }} b'), []);
  });
  it('gives each language its own values: name:lang wins, a regional tag falls back to its language', () => {
    const variables = {
      brand: 'Acme Air',
      'brand:he': 'אקמה אייר',
      'brand:ru': 'Акме Эйр',
      incident_summary: 'a database was copied',
      'incident_summary:zh': '数据库被复制',
      'incident_summary:zh-TW': '資料庫被複製',
    };
    assert.deepEqual(variablesForLang(variables, 'he'), {
      brand: 'אקמה אייר',
      incident_summary: 'a database was copied',
    });
    assert.equal(variablesForLang(variables, 'ru').brand, 'Акме Эйр');
    assert.equal(variablesForLang(variables, 'en').brand, 'Acme Air');
    assert.equal(variablesForLang(variables, 'zh').incident_summary, '数据库被复制');
    assert.equal(variablesForLang(variables, 'zh-TW').incident_summary, '資料庫被複製');
    assert.equal(variablesForLang(variables, 'zh-HK').incident_summary, '数据库被复制');
    assert.equal(
      renderTemplate('{{brand}}: {{incident_summary}}', variablesForLang(variables, 'he')).text,
      'אקמה אייר: a database was copied',
    );
  });
});
