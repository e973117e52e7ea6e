/**
 * `npm run sandbox:sagepro:close-period -- --through=YYYY-MM-DD` (scripts/close-sagepro-period.mjs
 * runs this compiled): Sage Pro's period close on the sandbox companies (period-close.ts), in the
 * shared sandbox database and every tenant's own, as `sandbox:sagepro:reset` finds them. Closing
 * through a date already closed changes nothing.
 */
import pg from 'pg';
import { databaseName } from '../../platform/database/urls.js';
import { type Output, STANDARD_OUTPUT } from '../../platform/runtime/cli-output.js';
import { sandboxCompanyPool } from '../provision.js';
import { normalizeCompid, SAGEPRO_COMPANIES } from './company-schema.js';
import { ensureSageProSandboxDatabase, SAGEPRO_SANDBOX_DATABASE } from './database.js';
import { ensureSageProSandbox } from './install.js';
import { closeSageProPeriods } from './period-close.js';
import { openServer, type Server, tenantSandboxes } from './reset-cli.js';

const USAGE = [
  'Usage: npm run sandbox:sagepro:close-period -- --through=<YYYY-MM-DD> [--company=<01|99>] [--user=<XXXX>]',
  '  closes every open fiscal period ending on or before --through and moves paid invoices (with lines and',
  '  receipts), closed sales orders and closed purchase orders (with lines) to the history tables, in every',
  '  company unless --company names one,',
  `  in the ${SAGEPRO_SANDBOX_DATABASE} database (SAGEPRO_SANDBOX_DATABASE) and every tenant's own sandbox`,
].join('\n');

class UsageError extends Error {}

interface CloseArguments {
  through: string;
  companies: string[];
  user: string;
}

/** Runs the command; returns the exit code. A failure is one line on stderr. */
export async function runSageProPeriodClose(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Output = STANDARD_OUTPUT): Promise<number> {
  let server: Server | undefined;
  let pool: pg.Pool | undefined;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    const args = parseArguments(argv);
    const database = env.SAGEPRO_SANDBOX_DATABASE?.trim() || SAGEPRO_SANDBOX_DATABASE;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new UsageError(`SAGEPRO_SANDBOX_DATABASE "${database}" is not a plain lower-case database name`);
    server = await openServer(env);
    for (const name of [database, ...(await tenantSandboxes(server.url, database))]) {
      const url = await ensureSageProSandboxDatabase(server.url, name);
      pool = await sandboxCompanyPool(server.url, name);
      await ensureSageProSandbox(pool);
      for (const compid of args.companies) {
        const result = await closeSageProPeriods(pool, compid, { through: args.through, user: args.user });
        const moved = Object.entries(result.moved).map(([table, rows]) => `${table} ${rows}`).join(', ');
        const closed = result.periodsClosed.length
          ? `closed ${result.periodsClosed.length} period(s) through ${result.closedThrough}; moved ${moved}`
          : `nothing to close (closed through ${result.closedThrough ?? 'none'})`;
        io.out(`  ${databaseName(url)} company ${compid}: ${closed}; current period ${result.currentPeriod.fyear}/${result.currentPeriod.fperiod}`);
      }
      await pool.end();
      pool = undefined;
    }
    return 0;
  } catch (error) {
    const message = error instanceof UsageError || error instanceof RangeError ? error.message : ((error as Error).stack ?? String(error));
    io.err(`sandbox:sagepro:close-period: ${message}`);
    return 1;
  } finally {
    await pool?.end().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
}

function parseArguments(argv: string[]): CloseArguments {
  const args: Partial<CloseArguments> = {};
  for (const arg of argv) {
    const [name, value = ''] = arg.split('=', 2);
    if (name === '--through' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) args.through = value;
    else if (name === '--company' && SAGEPRO_COMPANIES.some((c) => c.compid === safeCompid(value))) args.companies = [safeCompid(value)!];
    else if (name === '--user' && /^[A-Za-z0-9]{1,4}$/.test(value)) args.user = value.toUpperCase();
    else throw new UsageError(`unknown or malformed argument ${arg}\n${USAGE}`);
  }
  if (!args.through) throw new UsageError(`--through=<YYYY-MM-DD> is required\n${USAGE}`);
  return { through: args.through, companies: args.companies ?? SAGEPRO_COMPANIES.map((c) => c.compid), user: args.user ?? 'ADMN' };
}

function safeCompid(value: string): string | undefined {
  try {
    return normalizeCompid(value);
  } catch {
    return undefined;
  }
}
