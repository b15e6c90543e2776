/** Debian's Chromium driven by playwright-core (no browser download). Skips where Chromium is absent, fails in CI. */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { requireServices } from './services.ts';

export const chromiumPath = process.env.FIREBREAK_CHROMIUM ?? '/usr/bin/chromium';

export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  const message = `Chromium not found at ${chromiumPath} (apt-get install chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)`;
  if (requireServices) throw new Error(message);
  return `${message}; skipped`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
