// `npm run sandbox:sagepro:reset`: drops and rebuilds the sandbox Sage Pro companies (schemas prosys,
// pro01, pro99 of the `sagepro_sandbox` database on Settle's PostgreSQL server) with their seed.
//
//   npm run sandbox:sagepro:reset [-- --seed=<integer>] [-- --as-of=<YYYY-MM-DD>]
//
// It runs the compiled backend (backend/src/sandbox/sagepro/reset-cli.ts), built first when stale.
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, ensurePrismaClient } from './lib/backend-build.mjs';

if (!ensurePrismaClient({ quiet: true }) || !ensureBackendBuilt({ quiet: true })) {
  process.stderr.write('sandbox:sagepro:reset: the backend does not compile (see above)\n');
  process.exit(1);
}
const { runSageProReset } = await import(pathToFileURL(at('backend', 'dist', 'sandbox', 'sagepro', 'reset-cli.js')).href);
// Exit explicitly: a CLI must not hang on a stray handle (pg pool, embedded PostgreSQL hooks).
process.exit(await runSageProReset(process.argv.slice(2)));
