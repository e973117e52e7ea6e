import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { classifySageProError, SAGEPRO_TEST_MESSAGES } from './sagepro-connection-test.js';
import { sqlServerDatabase, tediousConfig } from './sagepro-database.js';

describe('Sage Pro connection test', () => {
  it('classifies SQL Server and PostgreSQL driver errors', () => {
    expect(classifySageProError({ code: 'ELOGIN', message: "Login failed for user 'settle'." }).status).toBe('bad_credentials');
    expect(classifySageProError({ number: 18456, message: 'Login failed' }).status).toBe('bad_credentials');
    expect(classifySageProError({ code: 'ETIMEOUT', message: 'Timeout: Request failed to complete in 10000ms' }).status).toBe('timed_out');
    expect(classifySageProError({ code: 'ESOCKET', message: 'connect ECONNREFUSED 10.0.0.5:1433' }).status).toBe('unreachable');
    expect(classifySageProError({ number: 229, message: 'The SELECT permission was denied' }).status).toBe('forbidden');
    expect(classifySageProError({ number: 4060, message: 'Cannot open database "PRO01"' }).status).toBe('not_sage_pro');
    expect(classifySageProError({ code: '42501', message: 'permission denied for table arcust' }).status).toBe('forbidden');
    expect(classifySageProError({ number: 102, message: "Incorrect syntax near 'x'" }).status).toBe('error');
    expect(classifySageProError(new TypeError('Promise.withResolvers is not a function')).status).toBe('error');
  });

  it('answers every way of not reaching a SQL Server in a fixed sentence, never with what came back', () => {
    const cases: [unknown, string][] = [
      [{ code: 'EGRESS_REFUSED', message: 'refused: erp.example is not a public address' }, 'refused_address'],
      [{ code: 'ESOCKET', message: 'Failed to connect to 10.0.0.5:1433 - self-signed certificate' }, 'tls_error'],
      [{ code: 'ESOCKET', message: 'Connection lost - read ECONNRESET' }, 'unreachable'],
      [{ code: 'ESOCKET', message: 'Unexpected token type: <title>Internal admin</title>' }, 'unreachable'],
      [Object.assign(new Error('<html><title>Redis admin</title></html>'), { code: 'ESOCKET' }), 'unreachable'],
      [{ code: 'ETIMEOUT', message: 'Failed to connect to 10.0.0.5:1433 in 10000ms' }, 'unreachable'], // filtered looks closed
    ];
    for (const [error, status] of cases) {
      const verdict = classifySageProError(error);
      expect(verdict.status, JSON.stringify(error)).toBe(status);
      expect(verdict.message).toBe(SAGEPRO_TEST_MESSAGES[verdict.status]);
      expect(verdict.message).not.toMatch(/title|admin|10\.0\.0\.5|ECONNRESET/);
    }
  });

  it('names databases as quoted identifiers, never as spliced text (T-SQL)', () => {
    const db = sqlServerDatabase<Record<string, never>>({
      host: 'erp.local', port: 1433, companyDatabase: 'PRO01', systemDatabase: 'PROSYS', user: 'u', password: 'p', encrypt: true, trustServerCertificate: false,
    }, () => Promise.reject(new Error('not connected in this test')));
    const query = sql`SELECT TABLE_NAME FROM ${sql.id('PRO01', 'INFORMATION_SCHEMA', 'TABLES')}`.compile(db);
    expect(query.sql).toBe('SELECT TABLE_NAME FROM "PRO01"."INFORMATION_SCHEMA"."TABLES"');
  });

  it('hands tedious the address the egress guard checked, and keeps the host name for TLS only', () => {
    const details = { host: 'erp.example.com', port: 1433, companyDatabase: 'PRO01', systemDatabase: 'PROSYS', user: 'u', password: 'p', encrypt: true, trustServerCertificate: false };
    const config = tediousConfig(details, { host: 'erp.example.com', address: '203.0.113.10' });
    expect(config.server).toBe('203.0.113.10');
    expect(config.options).toMatchObject({ serverName: 'erp.example.com', port: 1433, encrypt: true, trustServerCertificate: false });
    expect(tediousConfig({ ...details, host: '198.51.100.7' }, { host: '198.51.100.7', address: '198.51.100.7' }).options?.serverName).toBeUndefined();
  });
});
