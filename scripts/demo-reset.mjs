// `npm run demo:reset`: restores the demo tenant (its PayTrace sandbox merchant's transactions, its
// events, effects, dead letters, reviews and alerts in Settle, its sandbox Sage Pro company), whether
// Settle is running or not. See backend/src/demo/README.md.
//
// It runs the compiled backend (backend/src/demo/reset-cli.ts), built first when stale.
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, ensurePrismaClient } from './lib/backend-build.mjs';

if (!ensurePrismaClient({ quiet: true }) || !ensureBackendBuilt({ quiet: true })) {
  process.stderr.write('demo:reset: the backend does not compile (see above)\n');
  process.exit(1);
}
const { runDemoReset } = await import(pathToFileURL(at('backend', 'dist', 'demo', 'reset-cli.js')).href);
// Exit explicitly: a CLI must not hang on a stray handle (pg pool, embedded PostgreSQL hooks).
process.exit(await runDemoReset(process.argv.slice(2)));
