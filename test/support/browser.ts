// Debian's Chromium for browser tests (never a downloaded browser), with the flags this closed network needs.
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

/** The phone the tests hold (390x844 CSS px, touch, a 2x screen), for `browser.newContext({ ...PHONE, ... })`. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
