/**
 * `npm run sandbox:sagepro:close-period -- --through=YYYY-MM-DD` (scripts/close-sagepro-period.mjs
 * runs this compiled): Sage Pro's period close on the sandbox companies (period-close.ts), in the
 * shared sandbox database and every tenant's own, as `sandbox:sagepro:reset` finds them. Closing
 * through a date already closed changes nothing.
 */
import { databaseName } from '../../platform/database/urls.js';
import { type Output, STANDARD_OUTPUT } from '../../platform/runtime/cli-output.js';
import { normalizeCompid, SAGEPRO_COMPANIES } from './company-schema.js';
import { SAGEPRO_SANDBOX_DATABASE } from './database.js';
import { ensureSageProSandbox } from './install.js';
import { closeSageProPeriods } from './period-close.js';
import { runOnEverySandbox, UsageError } from './reset-cli.js';

const USAGE = [
  'Usage: npm run sandbox:sagepro:close-period -- --through=<YYYY-MM-DD> [--company=<01|99>] [--user=<XXXX>]',
  '  closes every open fiscal period ending on or before --through and moves paid invoices (with lines and',
  '  receipts), closed sales orders and closed purchase orders (with lines) to the history tables, in every',
  '  company unless --company names one,',
  `  in the ${SAGEPRO_SANDBOX_DATABASE} database (SAGEPRO_SANDBOX_DATABASE) and every tenant's own sandbox`,
].join('\n');

interface CloseArguments {
  through: string;
  companies: string[];
  user: string;
}

/** Runs the command; returns the exit code. A failure is one line on stderr. */
export function runSageProPeriodClose(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Output = STANDARD_OUTPUT): Promise<number> {
  return runOnEverySandbox({ command: 'sandbox:sagepro:close-period', usage: USAGE, argv, env, io, parse: parseArguments }, async ({ pool, url, args }) => {
    await ensureSageProSandbox(pool);
    for (const compid of args.companies) {
      const result = await closeSageProPeriods(pool, compid, { through: args.through, user: args.user });
      const moved = Object.entries(result.moved).map(([table, rows]) => `${table} ${rows}`).join(', ');
      const closed = result.periodsClosed.length
        ? `closed ${result.periodsClosed.length} period(s) through ${result.closedThrough}; moved ${moved}`
        : `nothing to close (closed through ${result.closedThrough ?? 'none'})`;
      io.out(`  ${databaseName(url)} company ${compid}: ${closed}; current period ${result.currentPeriod.fyear}/${result.currentPeriod.fperiod}`);
    }
  });
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
