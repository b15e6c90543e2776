import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadCategoryRules } from '../pipeline/stages/enrich.ts';
import { categorize, compileRules } from './categories.ts';

const rules = loadCategoryRules();
const ids = (text: string) => categorize(rules, text).map((c) => c.id);
const evidence = (text: string, id: string) =>
  categorize(rules, text).find((c) => c.id === id)?.evidence ?? [];

describe('category rules', () => {
  it('labels English crisis posts with the words that fired', () => {
    const text =
      'Acme Air leaked the personal data of every passenger. Class action lawsuit incoming #boycott';
    const got = ids(text);
    for (const id of ['data_breach', 'legal_regulatory', 'boycott', 'complaint'])
      assert.ok(got.includes(id), id);
    assert.ok(evidence(text, 'data_breach').includes('en:personal data'));
    assert.ok(evidence(text, 'complaint').includes('kind:data_breach'));
  });

  it('matches Hebrew words behind one or two prefix letters', () => {
    const text = 'והמוצר הגיע שבור, ובשירות הלקוחות אף אחד לא עונה';
    assert.ok(ids(text).includes('product_defect'));
    assert.ok(evidence(text, 'service_failure').includes('he:שירות הלקוחות'));
    assert.ok(evidence('וההחזר הכספי עוד לא הגיע', 'billing_pricing').includes('he:החזר'));
  });

  it('matches Russian stems and Chinese terms in both scripts', () => {
    assert.ok(
      evidence('Доставка опять задержалась, верните деньги!', 'delivery_outage').includes('ru:задерж*'),
    );
    assert.ok(ids('Доставка опять задержалась, верните деньги!').includes('billing_pricing'));
    assert.ok(evidence('外卖送到已经凉了，客服不回复，要求退款', 'billing_pricing').includes('zh:退款'));
    assert.ok(ids('會員資料外洩了，個人資料被駭客拿走').includes('data_breach'));
  });

  it('recognises complaints in the seed documents', () => {
    const he =
      'ציוץ אחד שגוי, פוסט אחד באינסטגרם לא מתוזמן, או תלונת לקוח אחת שלא טופלה בצורה שגויה יכולים להסלים במהירות למשבר מלא';
    const ru =
      'Например, поддержка клиентов, общение внутри «ВКонтакте» или других социальных медиа, плохие отзывы';
    const zh = '幾分鐘內,客戶抱怨就會像病毒一樣傳播開來,最終成為您品牌的聲譽危機。';
    for (const t of [he, ru, zh]) assert.ok(ids(t).includes('complaint'), t);
    const seed = readFileSync(
      new URL('../../../shared/seeds/004_3c8eeb7a843469e1.txt', import.meta.url),
      'utf8',
    );
    assert.ok(seed.includes('плохие отзывы'), 'the seed sentence is quoted verbatim');
  });

  it('tells questions and praise apart from complaints', () => {
    assert.deepEqual(ids('Thank you, the crew was amazing'), ['praise']);
    assert.ok(ids('почему не работает сайт?').includes('question'));
    // A bare question word without a question mark is not a question.
    assert.ok(!ids('почему-то всё хорошо').includes('question'));
    assert.deepEqual(ids('תודה רבה, שירות מעולה'), ['praise']);
  });

  it('is safe on hostile input and hostile rule terms', () => {
    for (const t of [
      '',
      '\u200f\u200e',
      '\ud800',
      '😀'.repeat(5000),
      'a'.repeat(100_000),
      `${'(a+)+'.repeat(1000)}!`,
    ]) {
      assert.ok(Array.isArray(categorize(rules, t)));
    }
    const evil = compileRules({ xx: 'categories:\n  complaint: ["(a+)+$", "[", "\\\\"]\n' });
    assert.deepEqual(
      categorize(evil, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!').map((c) => c.id),
      [],
    );
    assert.throws(() => compileRules({ xx: 'categories:\n  not_a_category: [x]\n' }), /unknown category/);
  });
});
