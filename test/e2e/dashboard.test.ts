/**
 * The dashboard in real Chromium: sign in through the form, see the overview with Hebrew laid out
 * right-to-left and Chinese rendered, and hostile mention text shown as text, never run.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../support/app.ts';
import { browserSkipReason, launchBrowser } from '../support/browser.ts';

const skip = browserSkipReason();

describe('dashboard in Chromium', { skip }, () => {
  let t: TestApp;
  let browser: Browser;
  before(async () => {
    t = await startTestApp();
    browser = await launchBrowser();
    await t.api('POST', '/api/v1/brands', {
      body: { name: 'Acme Air', aliases: ['אקמה אייר'], timeZone: 'Asia/Jerusalem' },
    });
    const { body } = await t.api('POST', '/api/v1/ingest/sources', { body: { name: 'test' } });
    const now = new Date().toISOString();
    const records = [
      {
        source: 'x',
        id: 'he1',
        lang: 'he',
        text: 'אקמה אייר ביטלו לי את הטיסה ולא החזירו כסף #AcmeAirFail',
        createdAt: now,
      },
      {
        source: 'weibo',
        id: 'zh1',
        lang: 'zh',
        text: '阿克米航空又延误了，客服电话一直打不通',
        createdAt: now,
      },
      {
        source: 'x',
        id: 'evil',
        lang: 'en',
        text: '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script> Acme Air',
        createdAt: now,
      },
    ];
    const ingested = await t.api('POST', '/api/v1/ingest', { token: body.token, body: records });
    assert.equal(ingested.body.stored, 3);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, shows the overview, lays Hebrew out right-to-left and never runs mention text', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Every request the pages make succeeds (the browser asks for a favicon on its own), except
    // the wrong password below, which is meant to be refused.
    const failed: string[] = [];
    page.on('response', (r) => {
      const refusedLogin = r.request().method() === 'POST' && new URL(r.url()).pathname === '/login';
      if (r.status() >= 400 && !refusedLogin) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${t.url}/`);
    assert.match(page.url(), /\/login$/);
    await page.fill('#email', 'nobody@example.com');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]');
    assert.equal(await page.textContent('[role=alert]'), 'Wrong e-mail or password.');

    await page.fill('#email', ADMIN_EMAIL);
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/app$/);
    assert.equal(await page.textContent('h1'), 'Test workspace');
    assert.ok(await page.isVisible('text=Acme Air'));
    assert.ok(
      await page.isVisible('text=No active alert.'),
      'the alerts panel is there, empty on a calm workspace',
    );

    const hebrew = page.locator('p.text[lang=he]');
    assert.equal(await hebrew.getAttribute('dir'), 'rtl');
    // Browser-side code as strings: the test's TypeScript has no DOM library.
    const inBrowser = (body: string) => new Function('el', body) as (el: unknown) => unknown;
    assert.equal(await hebrew.evaluate(inBrowser('return getComputedStyle(el).direction')), 'rtl');
    // A trailing hashtag in a Hebrew post is its own left-to-right run: "#" stays left of "AcmeAirFail",
    // where the paragraph's direction alone would show "AcmeAirFail#".
    const tag = hebrew.locator('bdi', { hasText: '#AcmeAirFail' });
    const hashLeftOfWord = (await tag.evaluate(
      inBrowser(
        'const t = el.firstChild; const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, 1); const hash = r.getBoundingClientRect().left; r.setStart(t, 1); r.setEnd(t, 2); return hash < r.getBoundingClientRect().left;',
      ),
    )) as boolean;
    assert.equal(hashLeftOfWord, true);
    const chinese = page.locator('p.text[lang=zh]');
    assert.equal(await chinese.textContent(), '阿克米航空又延误了，客服电话一直打不通');
    // Rendered with a CJK font, not as boxes: the glyphs have real width.
    const width = (await chinese.evaluate(
      inBrowser(
        'const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect().width;',
      ),
    )) as number;
    assert.ok(width > 100, `Chinese text width ${width}`);

    assert.notEqual(await page.title(), 'pwned');
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.locator('main script').count(), 0);
    assert.ok(await page.isVisible('text=<script>document.title="pwned"</script>'));
    assert.deepEqual(dialogs, []);
    assert.deepEqual(failed, []);
    // Headed browsers ask for /favicon.ico unless the page names an icon; it would be a 404.
    assert.equal(await page.locator('link[rel=icon]').count(), 1);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
  });
});
