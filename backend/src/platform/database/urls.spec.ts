import { describe, expect, it } from 'vitest';
import { databaseName, withCredentials, withDatabase } from './urls.js';

describe('database URLs', () => {
  const admin = 'postgresql://postgres:secret@127.0.0.1:5433/postgres?sslmode=disable';

  it('withDatabase swaps only the database', () => {
    expect(withDatabase(admin, 'settle')).toBe('postgresql://postgres:secret@127.0.0.1:5433/settle?sslmode=disable');
    expect(withDatabase('postgres://u:p@db:5432', 't_1')).toBe('postgres://u:p@db:5432/t_1');
  });

  it('withCredentials swaps only the user and password, encoding them', () => {
    const url = withCredentials(admin, 'settle_app', 'p@ss/w:rd#1');
    expect(url).toBe('postgresql://settle_app:p%40ss%2Fw%3Ard%231@127.0.0.1:5433/postgres?sslmode=disable');
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.username)).toBe('settle_app');
    expect(decodeURIComponent(parsed.password)).toBe('p@ss/w:rd#1');
  });

  it('the two compose in either order', () => {
    const a = withCredentials(withDatabase(admin, 'settle'), 'settle_app', 'x');
    const b = withDatabase(withCredentials(admin, 'settle_app', 'x'), 'settle');
    expect(a).toBe(b);
    expect(databaseName(a)).toBe('settle');
  });

  it('databaseName reads the path, defaulting to postgres', () => {
    expect(databaseName(admin)).toBe('postgres');
    expect(databaseName('postgres://u:p@h:1/settle_template_ab')).toBe('settle_template_ab');
    expect(databaseName('postgres://u:p@h:1')).toBe('postgres');
    expect(databaseName('postgres://u:p@h:1/my%20db')).toBe('my db');
  });
});
