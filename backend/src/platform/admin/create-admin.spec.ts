import { describe, expect, it } from 'vitest';
import { platformAdminProblem } from './create-admin.js';

describe('platformAdminProblem', () => {
  it('accepts an email and a password of ten characters or more', () => {
    expect(platformAdminProblem({ email: 'ops@example.com', password: 'a-long-passphrase' })).toBeUndefined();
  });

  it('refuses a bad email, a short password and the README demo password, naming what is wrong', () => {
    expect(platformAdminProblem({ email: 'not-an-email', password: 'a-long-passphrase' })).toMatch(/^--email "not-an-email"/);
    expect(platformAdminProblem({ email: 'ops@example.com', password: 'short' })).toMatch(/at least 10 characters/);
    expect(platformAdminProblem({ email: 'ops@example.com', password: 'settle-demo-2026' })).toMatch(/README's demo password/);
  });
});
