import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { classifySageProError } from './sagepro-connection-test.js';
import { sqlServerDatabase } from './sagepro-database.js';

describe('Sage Pro connection test', () => {
  it('classifies SQL Server and PostgreSQL driver errors', () => {
    expect(classifySageProError({ code: 'ELOGIN', message: "Login failed for user 'settle'." }).status).toBe('bad_credentials');
    expect(classifySageProError({ number: 18456, message: 'Login failed' }).status).toBe('bad_credentials');
    expect(classifySageProError({ code: 'ETIMEOUT', message: 'Failed to connect in 10000ms' }).status).toBe('timed_out');
    expect(classifySageProError({ code: 'ESOCKET', message: 'connect ECONNREFUSED 10.0.0.5:1433' }).status).toBe('unreachable');
    expect(classifySageProError({ number: 229, message: 'The SELECT permission was denied' }).status).toBe('forbidden');
    expect(classifySageProError({ number: 4060, message: 'Cannot open database "PRO01"' }).status).toBe('not_sage_pro');
    expect(classifySageProError({ code: '42501', message: 'permission denied for table arcust' }).status).toBe('forbidden');
    expect(classifySageProError(new Error('something odd')).status).toBe('error');
  });

  it('names databases as quoted identifiers, never as spliced text (T-SQL)', () => {
    const db = sqlServerDatabase<Record<string, never>>({
      host: 'erp.local', port: 1433, companyDatabase: 'PRO01', systemDatabase: 'PROSYS', user: 'u', password: 'p', encrypt: true, trustServerCertificate: false,
    });
    const query = sql`SELECT TABLE_NAME FROM ${sql.id('PRO01', 'INFORMATION_SCHEMA', 'TABLES')}`.compile(db);
    expect(query.sql).toBe('SELECT TABLE_NAME FROM "PRO01"."INFORMATION_SCHEMA"."TABLES"');
  });
});
