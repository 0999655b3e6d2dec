// Debian's Chromium for browser tests (never a downloaded browser), with the flags this closed network needs.
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

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
