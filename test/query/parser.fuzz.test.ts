/**
 * Parser fuzz: 100,000 deterministic random inputs — noise, operator soup and mutated real queries in four
 * languages. Each must either compile or be refused with a QueryError (never another exception), and
 * none may take over 50 ms: that bound is a hang detector (a typical input takes microseconds), not a
 * speed target.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../src/domain/random.ts';
import { compileQuery, DocView, matchesDoc, QueryError } from '../../src/query/index.ts';

const inputs = 100_000;
const hangMs = 50;

const pieces = [
  'acme',
  'Acme',
  'אקמה',
  'באקמה',
  'Акме~',
  'акме*',
  '亚克美',
  '航空',
  '#AcmeFail',
  '@acmeair',
  '😡',
  '✈️',
  'AND',
  'OR',
  'NOT',
  'NEAR/3',
  'NEAR/2f',
  'NEAR/',
  'NEAR/999',
  '(',
  ')',
  '"',
  '"~5',
  '~',
  '{',
  '}',
  '-',
  '*',
  '?',
  'author:',
  'site:',
  'followers:>',
  'followers:[1 TO',
  '5]',
  'verified:true',
  'topic:"Acme"',
  'title:',
  'lang:he',
  'engagement:',
  'url:',
  ':',
  '\\',
  '\u0000',
  '\uD800',
  '\u05BC',
  'ё',
  '“',
  '”',
  '«',
  '»',
  '\u3000',
  '\t',
  ' ',
  '  ',
];
const seeds = [
  '(acme OR "acme air") AND (delay OR cancelled) -job',
  'אקמה NEAR/3 החזר -משרות',
  '"Акме~ возврат"~4 OR акме*',
  '亚克美 NEAR/2 退款 OR "亚克美 航空"~3',
  'author:acmeair followers:[1000 TO 5000] verified:true lang:en',
];

function randomInput(next: () => number): string {
  const mode = next();
  if (mode < 0.4) {
    const n = Math.floor(next() * 20);
    let s = '';
    for (let i = 0; i < n; i++)
      s += `${pieces[Math.floor(next() * pieces.length)]}${next() < 0.6 ? ' ' : ''}`;
    return s;
  }
  if (mode < 0.7) {
    const seed = seeds[Math.floor(next() * seeds.length)] as string;
    const chars = [...seed];
    const edits = 1 + Math.floor(next() * 4);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * (chars.length + 1));
      if (next() < 0.5) chars.splice(at, 1);
      else chars.splice(at, 0, pieces[Math.floor(next() * pieces.length)] as string);
    }
    return chars.join('');
  }
  if (mode < 0.97) {
    const n = Math.floor(next() * 40);
    let s = '';
    for (let i = 0; i < n; i++)
      s += String.fromCharCode(next() < 0.7 ? 32 + Math.floor(next() * 95) : Math.floor(next() * 0xffff));
    return s;
  }
  if (mode < 0.985) {
    // Long runs of one piece ("------acme", "NOT NOT …", "((((…") probe recursion anywhere.
    const piece = pieces[Math.floor(next() * pieces.length)] as string;
    return `${piece.repeat(1 + Math.floor((next() * 9_990) / piece.length))}acme`;
  }
  // Rare large inputs: deep nesting and long operator chains near the limits.
  const depth = Math.floor(next() * 200);
  return `${'('.repeat(depth)}acme${')'.repeat(Math.floor(next() * 200))} ${'OR x '.repeat(Math.floor(next() * 1500))}`;
}

describe('parser fuzz', () => {
  it(`accepts or refuses ${inputs.toLocaleString('en-US')} random inputs without crashing or hanging`, () => {
    const next = seededRandom(0xf1eb2ea4);
    const view = { text: 'Acme Air ולאקמה Акмой 亚克美航空 #AcmeFail 😡', lang: 'en' };
    new DocView(view);
    let accepted = 0;
    let refused = 0;
    let slowest = 0;
    let slowestInput = '';
    const lookup = (name: string) => (name.toLowerCase() === 'acme' ? 'acme OR אקמה' : undefined);
    const timeOnce = (input: string) => {
      const started = performance.now();
      try {
        matchesDoc(compileQuery(input, lookup), view);
      } catch {}
      return performance.now() - started;
    };
    for (let i = 0; i < inputs; i++) {
      const input = randomInput(next);
      const started = performance.now();
      try {
        const q = compileQuery(input, lookup);
        matchesDoc(q, view);
        accepted++;
      } catch (error) {
        if (!(error instanceof QueryError)) {
          assert.fail(`input #${i} ${JSON.stringify(input)} threw ${(error as Error).stack}`);
        }
        assert.ok(
          error.column >= 1 && error.column <= input.length + 1,
          `column ${error.column} for ${JSON.stringify(input)}`,
        );
        refused++;
      }
      let took = performance.now() - started;
      // A garbage-collection pause on a shared machine is not a hang: a hang repeats, so measure again.
      if (took > hangMs) took = Math.min(took, timeOnce(input), timeOnce(input));
      if (took > slowest) {
        slowest = took;
        slowestInput = input;
      }
      if (took > hangMs)
        assert.fail(`input #${i} took ${took.toFixed(1)} ms: ${JSON.stringify(input.slice(0, 200))}`);
    }
    assert.equal(accepted + refused, inputs);
    // Both outcomes must be well represented, or the generator is not exercising the parser.
    assert.ok(accepted > inputs / 20 && refused > inputs / 20, `accepted ${accepted}, refused ${refused}`);
    process.stdout.write(
      `# fuzz: accepted ${accepted}, refused ${refused}, slowest ${slowest.toFixed(2)} ms (${JSON.stringify(slowestInput.slice(0, 60))})\n`,
    );
  });
});
