import { z } from 'zod';

export const EDITIONS = ['sandbox', 'sqlserver'] as const;
export type SageProEditionName = (typeof EDITIONS)[number];

/** The seeded companies of the built-in sandbox. */
export const SANDBOX_COMPANIES = ['01', '99'] as const;

/** Sage Pro company ids are two digits, zero-padded ('1' → '01'), as SYCCOMP stores them. */
const companyId = z
  .string()
  .trim()
  .regex(/^\d{1,2}$/, 'must be a one- or two-digit company id such as 01')
  .transform((id) => id.padStart(2, '0'));

const databaseName = z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_$#@]{0,127}$/, 'must be a plain SQL Server database name such as PRO01');

/** How to reach a SQL Server edition company; stored encrypted as one secret. */
export const sqlServerDetailsRules = z.object({
  host: z.string().trim().min(1, 'is required').max(255),
  port: z.number().int().min(1).max(65535).default(1433),
  companyDatabase: databaseName,
  systemDatabase: databaseName,
  user: z.string().trim().min(1, 'is required').max(128),
  password: z.string().min(1, 'is required').max(256),
  encrypt: z.boolean().default(true),
  trustServerCertificate: z.boolean().default(false),
});
export type SqlServerDetails = z.infer<typeof sqlServerDetailsRules>;

const name = z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters');

export const newSageProConnectionRules = z.discriminatedUnion('edition', [
  z.object({
    edition: z.literal('sandbox'),
    name: name.default('Sage Pro sandbox'),
    companyId: companyId.refine((id) => (SANDBOX_COMPANIES as readonly string[]).includes(id), 'the sandbox has companies 01 and 99').default('01'),
  }),
  z.object({ edition: z.literal('sqlserver'), name: name.default('Sage Pro'), companyId: companyId.default('01') }).extend(sqlServerDetailsRules.shape),
]);

export const sageProChangesRules = z.object({
  name: name.optional(),
  host: sqlServerDetailsRules.shape.host.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  companyDatabase: databaseName.optional(),
  systemDatabase: databaseName.optional(),
  user: sqlServerDetailsRules.shape.user.optional(),
  password: sqlServerDetailsRules.shape.password.optional(),
  encrypt: z.boolean().optional(),
  trustServerCertificate: z.boolean().optional(),
});

/** What may be shown of the details: everything but the password. */
export function detailsSummary(details: SqlServerDetails | null): Record<string, unknown> {
  if (!details) return {};
  const { password: _password, ...visible } = details;
  return visible;
}

/** The tables Settle reads and writes in a company database, and in the system database. */
export const REQUIRED_COMPANY_TABLES = ['arcust', 'armast', 'arcash', 'ardist', 'somast', 'sotran', 'icitem', 'iciloc', 'iciqty', 'glacnt'] as const;
export const REQUIRED_SYSTEM_TABLES = ['sycrlst'] as const;

/**
 * Whether a database looks like a Sage Pro company: with none of its AR tables it is something else;
 * with some missing, the user cannot see them or the install is incomplete.
 */
export function companyTablesVerdict(found: string[]): { kind: 'ok' } | { kind: 'not_sage_pro' } | { kind: 'missing_tables'; missing: string[] } {
  const present = new Set(found.map((table) => table.trim().toLowerCase()));
  const missing = [...REQUIRED_COMPANY_TABLES, ...REQUIRED_SYSTEM_TABLES].filter((table) => !present.has(table));
  if (!present.has('arcust') && !present.has('armast')) return { kind: 'not_sage_pro' };
  return missing.length ? { kind: 'missing_tables', missing } : { kind: 'ok' };
}
