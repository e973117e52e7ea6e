import { describe, expect, it } from 'vitest';
import { demoLoginLine, demoShopLine } from './demo-tenant.js';

describe('demoLoginLine', () => {
  it('names the portal URL, the login and where the traffic comes from', () => {
    const line = demoLoginLine('http://localhost:3000', 'demo@settle.local', 'pw-1', 'here');
    expect(line.split('\n')).toEqual([
      '  Demo login  http://localhost:3000/  demo@settle.local / pw-1',
      '              sandbox traffic running: payments become Sage Pro receipts within a minute (DEMO=off stops it)',
    ]);
  });

  it('says when the traffic runs in the worker process, is off, or the wiring failed', () => {
    expect(demoLoginLine('http://h:1', 'e', 'p', 'worker')).toContain('worker process');
    expect(demoLoginLine('http://h:1', 'e', 'p', 'off')).toContain('DEMO=off: no sandboxes wired, no traffic');
    expect(demoLoginLine('http://h:1', 'e', 'p', 'failed')).toContain('could not be wired');
  });

  it('points at the demo shop', () => {
    expect(demoShopLine('http://h:1')).toMatch(/^ {2}Demo shop {3}http:\/\/h:1\/demo\/shop /);
  });
});
