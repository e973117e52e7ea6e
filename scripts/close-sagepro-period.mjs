// `npm run sandbox:sagepro:close-period -- --through=<YYYY-MM-DD>`: Sage Pro's period close on the
// sandbox companies (schemas pro01, pro99 of the `sagepro_sandbox` database and every tenant's own):
// paid invoices with their lines and receipts and closed orders with their lines move to the history
// tables, and the fiscal calendar is closed through the date.
//
//   npm run sandbox:sagepro:close-period -- --through=<YYYY-MM-DD> [--company=<01|99>] [--user=<XXXX>]
//
// It runs the compiled backend (backend/src/sandbox/sagepro/period-close-cli.ts), built first when stale.
import { pathToFileURL } from 'node:url';
import { at, ensureBackendBuilt, ensurePrismaClient } from './lib/backend-build.mjs';

if (!ensurePrismaClient({ quiet: true }) || !ensureBackendBuilt({ quiet: true })) {
  process.stderr.write('sandbox:sagepro:close-period: the backend does not compile (see above)\n');
  process.exit(1);
}
const { runSageProPeriodClose } = await import(pathToFileURL(at('backend', 'dist', 'sandbox', 'sagepro', 'period-close-cli.js')).href);
// Exit explicitly: a CLI must not hang on a stray handle (pg pool, embedded PostgreSQL hooks).
process.exit(await runSageProPeriodClose(process.argv.slice(2)));
