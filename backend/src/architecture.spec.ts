/**
 * The module boundaries, checked over every production source file (backend/src/**.ts, no *.spec.ts):
 *
 * 1. `platform/` imports no domain module: only platform/ itself and the generated Prisma client.
 *    What a domain and platform share (the role names, password hashing, the sandbox port) lives in
 *    platform; what platform needs from a domain (GraphQL plugins) is handed to it by app.module.
 * 2. Production code never imports the built-in sandboxes (`sandbox/`): it asks for them through the
 *    BUILT_IN_SANDBOXES port (platform/built-in-sandboxes.ts). Allowed importers of sandbox/:
 *    - sandbox/ itself;
 *    - the wiring that mounts it: app.module.ts (SandboxModule, the sandbox viewer) and app.factory.ts
 *      (mountSandboxes), and the privileged start step that prepares its database (provision.ts);
 *    - demo/: the demo tenant exists only on the sandboxes (DEMO=on wires it to them, demo:reset
 *      restores them), so it is sandbox-only code and may use them directly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

const SANDBOX_IMPORTERS = new Set([
  'app.module.ts',
  'app.factory.ts',
  'provision.ts',
]);
const SANDBOX_ONLY_FOLDERS = ['sandbox', 'demo'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative module a file imports or re-exports (static or dynamic), as a path under src/. */
export function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specifiers.map((specifier) => relative(SRC, resolve(dirname(file), specifier)).replaceAll('\\', '/'));
}

const topFolder = (path: string) => (path.includes('/') ? path.split('/')[0] : '');

interface Violation {
  file: string;
  imports: string;
}

function violations(rule: (file: string, target: string) => boolean): Violation[] {
  const found: Violation[] = [];
  for (const path of sourceFiles(SRC)) {
    const file = relative(SRC, path).replaceAll('\\', '/');
    for (const target of importsOf(path, readFileSync(path, 'utf8'))) if (rule(file, target)) found.push({ file, imports: target });
  }
  return found;
}

export const platformImportsDomain = (file: string, target: string) =>
  topFolder(file) === 'platform' && !['platform', 'generated'].includes(topFolder(target));

export const productionImportsSandbox = (file: string, target: string) =>
  topFolder(target) === 'sandbox' && !SANDBOX_ONLY_FOLDERS.includes(topFolder(file)) && !SANDBOX_IMPORTERS.has(file);

describe('module boundaries', () => {
  it('finds the imports it checks (the scan is not empty)', () => {
    const files = sourceFiles(SRC).map((path) => relative(SRC, path));
    expect(files).toContain(join('platform', 'database', 'tenant-context.ts'));
    expect(importsOf(join(SRC, 'app.module.ts'), readFileSync(join(SRC, 'app.module.ts'), 'utf8'))).toContain('sandbox/sandbox.module.js');
  });

  it('the rules catch what they forbid', () => {
    expect(platformImportsDomain('platform/database/tenant-context.ts', 'auth/roles.js')).toBe(true);
    expect(platformImportsDomain('platform/database/seed.ts', 'generated/prisma/client.js')).toBe(false);
    expect(productionImportsSandbox('paytrace/change-feed/change-feed.service.ts', 'sandbox/sandbox.service.js')).toBe(true);
    expect(productionImportsSandbox('demo/demo-reset.ts', 'sandbox/sagepro/install.js')).toBe(false);
    expect(importsOf(join(SRC, 'a', 'b.ts'), "import x from '../c/d.js';\nexport { y } from './e.js';\nawait import('../../f.js')")).toEqual([
      'c/d.js',
      'a/e.js',
      '../f.js',
    ]);
  });

  it('platform/ imports no domain module', () => {
    expect(violations(platformImportsDomain)).toEqual([]);
  });

  it('production code never imports the sandboxes', () => {
    expect(violations(productionImportsSandbox)).toEqual([]);
  });
});
