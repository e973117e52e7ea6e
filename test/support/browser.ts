/**
 * Browser tests drive Debian's Chromium through playwright-core (never `playwright install`: it
 * downloads a browser, which cannot work here).
 *
 * This file is also the browser project's second globalSetup: `setup()` builds the portal when
 * portal/dist is missing or older than its sources, so that the app under test serves the current UI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type LaunchOptions, type Page } from 'playwright-core';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by the browser project's setup when `npm run build -w portal` failed. */
    portalBuildError: string;
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches a headless Chromium with a fresh profile: playwright's launch() creates a new temporary
 * user-data dir for every browser and deletes it on close().
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const buildError = inject('portalBuildError');
  if (buildError) throw new Error(buildError);
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Run scripts/ensure-system.sh (apt-get install chromium).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

export interface PortalOwner {
  company: string;
  email: string;
  password: string;
  name?: string;
}

/** Signs a new company up through the portal's own form and waits until the app shows its menu. */
export async function signUpThroughPortal(page: Page, baseUrl: string, owner: PortalOwner): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.fill('input[name="companyName"]', owner.company);
  await page.fill('input[name="email"]', owner.email);
  await page.fill('input[name="password"]', owner.password);
  if (owner.name) await page.fill('input[name="name"]', owner.name);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('menuitem', { name: 'Team' }).waitFor();
}

// ---- globalSetup step: make sure portal/dist matches portal/src ----

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORTAL = join(ROOT, 'portal');

/**
 * A failed build does not abort the whole run (unit and e2e results still count): it is handed to
 * the browser tests, whose launchBrowser() then fails with the build's message.
 */
export function setup(project: TestProject): void {
  project.provide('portalBuildError', '');
  const sources = join(PORTAL, 'src');
  if (!existsSync(sources) || newestMtime(sources) === 0) {
    console.warn('[browser setup] portal/src has no sources yet: not building the portal; browser tests will see no UI.');
    return;
  }
  const dist = join(PORTAL, 'dist', 'index.html');
  const inputs = [sources, join(PORTAL, 'index.html'), join(PORTAL, 'vite.config.ts'), join(PORTAL, 'package.json')];
  const newestInput = Math.max(...inputs.map(newestMtime));
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestInput) return;
  const started = Date.now();
  console.log('[browser setup] building the portal (npm run build -w portal)...');
  const result = spawnSync('npm', ['run', 'build', '-w', 'portal'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').filter((line) => !/^\s+at /.test(line));
    const message = `Portal build failed (npm run build -w portal, exit ${result.status ?? result.signal}):\n${output.slice(-30).join('\n')}`;
    console.error(`[browser setup] ${message}`);
    project.provide('portalBuildError', message);
    return;
  }
  console.log(`[browser setup] portal built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Newest modification time of a file, or of any file below a directory (0 when there is none). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}
