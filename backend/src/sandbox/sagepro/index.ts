/**
 * The Sage Pro sandbox: the SQL Server edition's company and system tables, emulated in PostgreSQL
 * (schemas prosys, pro01, pro99 of the `sagepro_sandbox` database) and seeded with two companies.
 * See README.md for the layout and every choice made where Sage Pro's structure is not public.
 */
export { catalogFingerprint, type CatalogFingerprint } from './fingerprint.js';
export { ensureSageProSandbox, resetSageProSandbox, SANDBOX_META_SCHEMA, SANDBOX_SCHEMAS, type SageProSandboxResult } from './install.js';
export { ensureSageProSandboxDatabase, SAGEPRO_SANDBOX_DATABASE } from './database.js';
export { companySchema, KEY_WIDTHS, normalizeCompid, SAGEPRO_COMPANIES, type SageProCompany, SYSTEM_SCHEMA } from './company-schema.js';
export { EMPTY_DATE, isEmptyDate, leftJustified, moneyCents, moneyText, rightJustified, sameKey, trimmed } from './fixed-width.js';
export { COMPANY_PROFILES, DEFAULT_SEED_OPTIONS, generateSageProSeed, HISTORY_OF, HISTORY_TABLES, type HistoryTable, type SageProSeed, type SeedOptions } from './seed.js';
export { closeSageProPeriods, readClosedThrough, type PeriodCloseOptions, type PeriodCloseResult } from './period-close.js';
export { periodOf, type FiscalPeriod } from './fiscal-calendar.js';
export { keyReceiptByHand, type ClerkReceipt, type ClerkReceiptResult } from './clerk-receipt.js';
export { GL, ORDER_STATUSES } from './seed-data.js';
export * from './sandbox-viewer.js';
