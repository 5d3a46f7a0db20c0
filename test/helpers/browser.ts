import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Browser tests need Debian's chromium (`apt-get install -y chromium`); `.ci/run` installs it. */
export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.error(
    `SKIPPING browser tests: ${CHROMIUM_PATH} is missing (install it with: apt-get install -y chromium)`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
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

/** Saves a screenshot under test-results/ (kept by CI on failure, looked at by people). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir('test-results', { recursive: true });
  const path = `test-results/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
