import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  escapeHtml,
  escapeSlack,
  escapeTeamsMarkdown,
  escapeTelegramHtml,
  oneLine,
  truncate,
} from './escape.ts';

const hostile = '<img src=x onerror=alert(1)> "בוגדים" & <!channel> *רמאים* _обман_ 泄露`';

describe('escaping mention text per channel', () => {
  it('HTML mail: no tag or attribute survives, Hebrew/Russian/Chinese text does', () => {
    const out = escapeHtml(hostile);
    assert.ok(!out.includes('<img'));
    assert.ok(!out.includes('"'));
    assert.ok(out.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(out.includes('בוגדים') && out.includes('обман') && out.includes('泄露'));
  });

  it('Telegram HTML: uses only the four entities Telegram understands', () => {
    const out = escapeTelegramHtml(`${hostile} it's`);
    assert.ok(out.includes('&lt;') && out.includes('&amp;') && out.includes('&quot;'));
    assert.ok(out.includes("it's"), 'apostrophes stay literal because Telegram does not decode &#39;');
  });

  it('Slack mrkdwn: a tweet cannot ping the channel or inject a link or bold text', () => {
    const out = escapeSlack(hostile);
    assert.ok(!out.includes('<!channel>'));
    assert.ok(out.includes('&lt;!channel&gt;'));
    assert.ok(!/(^|[^\u200b])\*רמאים\*/.test(out), 'asterisks are fenced by zero-width spaces');
    assert.ok(out.includes('רמאים'));
  });

  it('Teams Markdown: link syntax and emphasis are made literal', () => {
    const out = escapeTeamsMarkdown('[click](http://evil.example) **שלום** мир');
    assert.ok(out.startsWith('\\[click\\]\\('));
    assert.ok(out.includes('\\*\\*שלום\\*\\*'));
    assert.ok(out.includes('мир'));
  });

  it('oneLine flattens newlines and bounds the length; truncate never splits a surrogate pair', () => {
    assert.equal(oneLine('Отравление\nв ресторане\r\n'), 'Отравление в ресторане');
    assert.equal(oneLine('泄露'.repeat(200), 10).length, 10);
    const emoji = '🔥'.repeat(10);
    const cut = truncate(emoji, 5);
    assert.equal(Array.from(cut).length, 5);
    assert.ok(!cut.includes('\ufffd'));
    assert.ok(
      Array.from(cut)
        .slice(0, 4)
        .every((c) => c === '🔥'),
    );
  });
});
