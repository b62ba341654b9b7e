import { chromium, type Browser } from 'playwright-core';

// Debian's chromium, driven by playwright-core. Never `npx playwright install`: it downloads a
// browser, which these machines cannot. WebGL (MapLibre) runs on SwiftShader with --disable-gpu.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}
