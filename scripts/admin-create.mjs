// `npm run admin:create -- --email ops@example.com`: makes the first platform administrator of a
// production Settle (which seeds none); the password is read from standard input, e.g.
//
//   printf '%s' "$ADMIN_PASSWORD" | DATABASE_URL=postgres://... npm run admin:create -- --email ops@example.com
//
// It runs the compiled backend (backend/src/platform/admin/create-admin-cli.ts), built first when stale.
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, ensurePrismaClient } from './lib/backend-build.mjs';

if (!ensurePrismaClient({ quiet: true }) || !ensureBackendBuilt({ quiet: true })) {
  process.stderr.write('admin:create: the backend does not compile (see above)\n');
  process.exit(1);
}
const { runCreateAdmin, readPasswordFromStdin } = await import(pathToFileURL(at('backend', 'dist', 'platform', 'admin', 'create-admin-cli.js')).href);
// Exit explicitly: a CLI must not hang on a stray handle.
process.exit(await runCreateAdmin(process.argv.slice(2), process.env, readPasswordFromStdin));
