// `npm start`: brings the checkout up to date (Prisma client, backend build, portal build) only where
// something changed, then runs backend/dist/main.js in this very process, so that Ctrl-C reaches it
// directly: it runs the privileged start step (roles, migrations, seed) and then the serving process
// (backend/dist/serve.js) as its child, which never sees DATABASE_URL. Arguments pass through to the
// serving process: `npm start -- --role=worker`.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, ensurePrismaClient, mtime, newest, step } from './lib/backend-build.mjs';

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

if (!existsSync(at('node_modules', '@swc', 'cli'))) {
  fail('Dependencies are not installed: run `npm ci` first.');
}

// 1. Prisma client (generated TypeScript under backend/src/generated, compiled with the backend).
if (!ensurePrismaClient()) fail('Could not generate the Prisma client (see above).');

// 2. Backend: SWC, only when a source is newer than the last build.
if (!ensureBackendBuilt()) fail('The backend does not compile (see above).');

// 3. Portal: Vite, only when portal/src or its entry is newer than portal/dist.
if (!existsSync(at('portal', 'src'))) {
  process.stdout.write('Portal: portal/src does not exist yet, starting without the admin portal.\n');
} else {
  const builtAt = mtime(at('portal', 'dist', 'index.html'));
  const inputs = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((name) => newest(at('portal', name)));
  if (!builtAt || Math.max(...inputs) > builtAt) {
    if (!step('Building the portal (Vite)', 'npm', ['run', '--silent', 'build', '-w', 'portal'])) {
      process.stderr.write(
        existsSync(at('portal', 'dist', 'index.html'))
          ? 'WARNING: the portal does not build; serving the previous build from portal/dist.\n'
          : 'WARNING: the portal does not build; starting without the admin portal.\n',
      );
    }
  }
}

// 4. Run the backend in this process (argv, env and signals are ours).
const main = at('backend', 'dist', 'main.js');
if (!existsSync(main)) fail('backend/dist/main.js is missing after the build: does backend/src/main.ts exist?');
await import(pathToFileURL(main).href);
