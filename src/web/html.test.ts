import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bidiText, dirFor, html, raw } from './html.ts';

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
  it('isolates hashtags, handles and links in their own direction, escaping everything', () => {
    assert.equal(
      bidiText('מה זה?! @acmeair דלפו דרכונים https://x.example/a?b=1&c=<2> #AcmeAirLeak').value,
      'מה זה?! <bdi>@acmeair</bdi> דלפו דרכונים <bdi>https://x.example/a?b=1&amp;c=</bdi>&lt;2&gt; <bdi>#AcmeAirLeak</bdi>',
    );
    assert.equal(bidiText('<script>#x</script>').value, '&lt;script&gt;<bdi>#x</bdi>&lt;/script&gt;');
    assert.equal(
      bidiText('no tags, # alone, e-mail a@b.example').value,
      'no tags, # alone, e-mail a@b.example',
    );
    assert.equal(bidiText('').value, '');
  });
});
