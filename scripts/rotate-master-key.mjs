// `npm run keys:rotate`: re-wraps every tenant's data key under a new SETTLE_MASTER_KEY while Settle
// runs, and `npm run keys:rotate -- --prune` later drops what only the old keys could read.
//
//   SETTLE_MASTER_KEY=<current> SETTLE_NEW_MASTER_KEY=<new> npm run keys:rotate
//   (restart Settle with SETTLE_MASTER_KEY=<new>)
//   SETTLE_MASTER_KEY=<new> npm run keys:rotate -- --prune
//
// It runs the compiled backend (backend/src/platform/secrets/rotate-cli.ts), built first when stale.
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, ensurePrismaClient } from './lib/backend-build.mjs';

if (!ensurePrismaClient({ quiet: true }) || !ensureBackendBuilt({ quiet: true })) {
  process.stderr.write('keys:rotate: the backend does not compile (see above)\n');
  process.exit(1);
}
const { runKeyRotation } = await import(pathToFileURL(at('backend', 'dist', 'platform', 'secrets', 'rotate-cli.js')).href);
// Exit explicitly: a CLI must not hang on a stray handle (pg pool, embedded PostgreSQL hooks).
process.exit(await runKeyRotation(process.argv.slice(2)));
