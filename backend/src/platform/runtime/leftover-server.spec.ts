import { describe, expect, it } from 'vitest';
import { isServerOf, processFacts } from './leftover-server.js';
import { parsePostmasterPid } from './postgres-server.js';

describe('isServerOf: is this pid the server a run started on this data folder?', () => {
  const dir = '/srv/settle/.data/postgres';

  it('a postgres working in the folder is', () => {
    expect(isServerOf({ pid: 10, name: 'postgres', cwd: dir }, 'postgres', dir)).toBe(true);
  });

  it('a recycled pid is not: another program, or the same program on another folder', () => {
    expect(isServerOf({ pid: 10, name: 'node', cwd: dir }, 'postgres', dir)).toBe(false);
    expect(isServerOf({ pid: 10, name: 'postgres', cwd: '/var/lib/postgresql/16/main' }, 'postgres', dir)).toBe(false);
    expect(isServerOf({ pid: 10, name: 'redis-server', cwd: dir }, 'postgres', dir)).toBe(false);
    expect(isServerOf(undefined, 'postgres', dir)).toBe(false);
  });

  it('redis-server under its rewritten title, and by name alone where the system does not tell the folder', () => {
    expect(isServerOf({ pid: 11, name: 'redis-server', cwd: '/d/redis' }, 'redis-server', '/d/redis')).toBe(true);
    expect(isServerOf({ pid: 11, name: 'redis-server *:6379' }, 'redis-server', '/d/redis')).toBe(true);
    expect(isServerOf({ pid: 11, name: '/usr/local/bin/postgres' }, 'postgres', dir)).toBe(true);
    expect(isServerOf({ pid: 11, name: 'postgresql-helper' }, 'postgres', dir)).toBe(false);
  });
});

describe('parsePostmasterPid', () => {
  it('reads the pid, folder, port and status PostgreSQL writes', () => {
    const text = '4242\n/srv/settle/.data/postgres\n1796650000\n54321\n/tmp\nlocalhost\n  1234567     98304\nready   \n';
    expect(parsePostmasterPid(text)).toEqual({ pid: 4242, dataDir: '/srv/settle/.data/postgres', port: 54321, status: 'ready' });
  });

  it('a half-written or empty file names no process', () => {
    expect(parsePostmasterPid('')).toBeUndefined();
    expect(parsePostmasterPid('abc\n')).toBeUndefined();
    expect(parsePostmasterPid('4242\n/d\n')?.status).toBe('');
  });
});

describe('processFacts', () => {
  it('knows this process, and a pid nobody has is gone', () => {
    const me = processFacts(process.pid);
    expect(me?.pid).toBe(process.pid);
    expect(me?.name).toMatch(/node|vitest/);
    expect(processFacts(2 ** 22 + 1)).toBeUndefined();
    expect(processFacts(-1)).toBeUndefined();
  });
});
