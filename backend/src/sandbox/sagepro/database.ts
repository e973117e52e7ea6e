import { ensureDatabase } from '../../platform/database/migrator.js';
import { withDatabase } from '../../platform/database/urls.js';

/**
 * The sandbox Sage Pro gets a database of its own on Settle's PostgreSQL server, as a customer's
 * Sage Pro has its own SQL Server databases: nothing of it shares a database with the platform.
 */
export const SAGEPRO_SANDBOX_DATABASE = 'sagepro_sandbox';

/** Creates the sandbox database on the server of `serverUrl` when missing; returns its URL (same credentials). */
export async function ensureSageProSandboxDatabase(serverUrl: string, database = SAGEPRO_SANDBOX_DATABASE): Promise<string> {
  try {
    await ensureDatabase(serverUrl, database);
  } catch (error) {
    // Another process created it between the check and CREATE DATABASE: it exists, which is all we want.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  }
  return withDatabase(serverUrl, database);
}
