#!/usr/bin/env node
// Which Chromium the browser tests would launch: the system's /usr/bin/chromium (the Playwright config prefers
// it) or Playwright's own download. `node tools/scripts/chromium.mjs` prints its path, or says in one line how
// to install one and exits 1. Used by bootstrap.sh and by `npm test` before the browser tier.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
export const INSTALL_HINT =
  'install one with `sudo apt-get install -y chromium` (Debian), `sudo npx playwright install --with-deps chromium` (Ubuntu and others), or run ./bootstrap.sh as root';

/** The path of a Chromium the browser tests can launch, or undefined. */
export function chromiumPath() {
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    const bundled = chromium.executablePath();
    return existsSync(bundled) ? bundled : undefined;
  } catch {
    return undefined;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = chromiumPath();
  if (path) console.log(path);
  else {
    console.error(`No Chromium for the browser tests: ${INSTALL_HINT}.`);
    process.exit(1);
  }
}
