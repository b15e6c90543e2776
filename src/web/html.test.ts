import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dirFor, html, raw } from './html.ts';

describe('html templates', () => {
  it('escapes every interpolated value, hostile mention text included', () => {
    const text = '<img src=x onerror=alert(1)> "אקמה" & \'Акме\' `阿克米`';
    const out = html`<p title="${text}">${text}</p>`.value;
    assert.equal(out.includes('<img'), false);
    assert.equal(
      out,
      '<p title="&lt;img src=x onerror=alert(1)&gt; &quot;אקמה&quot; &amp; &#39;Акме&#39; &#96;阿克米&#96;">&lt;img src=x onerror=alert(1)&gt; &quot;אקמה&quot; &amp; &#39;Акме&#39; &#96;阿克米&#96;</p>',
    );
  });

  it('nests templates and lists without escaping them twice', () => {
    const items = ['a<b', 'ג'].map((s) => html`<li>${s}</li>`);
    assert.equal(html`<ul>${items}${raw('<hr>')}</ul>`.value, '<ul><li>a&lt;b</li><li>ג</li><hr></ul>');
  });

  it('lays Hebrew and Arabic right-to-left and lets the browser decide for the rest', () => {
    assert.equal(dirFor('he'), 'rtl');
    assert.equal(dirFor('ar'), 'rtl');
    assert.equal(dirFor('ru'), 'auto');
    assert.equal(dirFor(undefined), 'auto');
  });
});
