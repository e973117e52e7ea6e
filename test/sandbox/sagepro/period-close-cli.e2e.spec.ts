/**
 * `npm run sandbox:sagepro:close-period`: the command a person runs, against a real server (the
 * DATABASE_URL route), building the sandbox when missing, closing every company, and harmless when run
 * again.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quoteIdent } from '../../../backend/src/platform/database/migrator.js';
import { withDatabase } from '../../../backend/src/platform/database/urls.js';
import { runSageProPeriodClose } from '../../../backend/src/sandbox/sagepro/period-close-cli.js';
import { createTestDatabase, sql, type TestDatabase } from '../../support/database.js';

let platform: TestDatabase;
let sandboxDatabase: string;

beforeAll(async () => {
  platform = await createTestDatabase();
  sandboxDatabase = `${platform.name}_closecli`;
});

afterAll(async () => {
  if (sandboxDatabase) await sql(platform.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(sandboxDatabase)} WITH (FORCE)`);
  await platform?.drop();
});

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATABASE_URL: platform.adminUrl, SAGEPRO_SANDBOX_DATABASE: sandboxDatabase };
  const code = await runSageProPeriodClose(argv, env, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

it('closes every company through the date, then finds nothing more to close', async () => {
  const first = await run(['--through=2026-09-30', '--user=klt']);
  expect(first.err).toEqual([]);
  expect(first.code).toBe(0);
  expect(first.out).toEqual([
    expect.stringMatching(/company 01: closed \d+ period\(s\) through 2026-09-30; moved arymst \d+, arytrn \d+, arycsh \d+, soymst \d+, soytrn \d+, poymst \d+, poytrn \d+; current period 2026\/10$/),
    expect.stringMatching(/company 99: closed \d+ period\(s\) through 2026-09-30; .*current period 2026\/10$/),
  ]);
  const again = await run(['--through=2026-09-30', '--company=1']);
  expect(again.out).toEqual([expect.stringMatching(/company 01: nothing to close \(closed through 2026-09-30\); current period 2026\/10$/)]);

  const pool = new pg.Pool({ connectionString: withDatabase(platform.adminUrl, sandboxDatabase), max: 1 });
  try {
    // The seed's closes were ADMN's; the ones this command made are the --user's.
    const { rows } = await pool.query(`SELECT rtrim(closeuser) AS user, max(enddate)::date::text AS last FROM prosys.sycdfis WHERE closed = 'Y' GROUP BY 1 ORDER BY 2`);
    expect(rows.map((r) => r.user)).toEqual(['ADMN', 'KLT']);
    expect(rows[1].last).toBe('2026-09-30');
  } finally {
    await pool.end();
  }
});

it('answers a missing or malformed argument with its usage, changing nothing', async () => {
  for (const argv of [[], ['--through=30/09/2026'], ['--through=2026-09-30', '--company=42'], ['--through=2026-09-30', '--user=toolong'], ['--force']]) {
    const result = await run(argv);
    expect(result.code, argv.join(' ')).toBe(1);
    expect(result.err[0]).toMatch(/^sandbox:sagepro:close-period: .*(required|malformed)/);
  }
  expect((await run(['--help'])).out[0]).toMatch(/^Usage: npm run sandbox:sagepro:close-period -- --through=/);
});
