import { describe, expect, it } from 'vitest';
import { addressAllowed, allowlistProblem, defaultAllowlist, obviouslyRefusedHost, parseAllowlist, PUBLIC_ONLY } from './egress-policy.js';

describe('egress allowlist', () => {
  it('allows no non-public address in production unless named, loopback and private networks otherwise', () => {
    expect(defaultAllowlist('production')).toBe('none');
    const production = parseAllowlist(defaultAllowlist('production'));
    for (const address of ['127.0.0.1', '::1', '10.0.0.5', '100.64.0.1', '169.254.169.254', 'fd00:ec2::254', '::ffff:127.0.0.1', '224.0.0.1', '0.0.0.0', '255.255.255.255']) {
      expect(addressAllowed(production, 'x.example', address), address).toBe(false);
    }
    expect(addressAllowed(production, 'api.paytrace.com', '8.8.8.8')).toBe(true);

    const development = parseAllowlist(defaultAllowlist('development'));
    expect(defaultAllowlist('test')).toBe(defaultAllowlist('development'));
    for (const address of ['127.0.0.1', '::1', '10.0.0.5', '192.168.1.9', '::ffff:127.0.0.1']) expect(addressAllowed(development, 'h', address), address).toBe(true);
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '169.254.1.1', '224.0.0.1', '0.0.0.0']) expect(addressAllowed(development, 'h', address), address).toBe(false);
  });

  it('takes addresses, CIDR ranges and host names; metadata only by its exact address', () => {
    const policy = parseAllowlist('127.0.0.1, ::1 10.20.0.0/16,[fd00::]/8 erp.internal,*.corp.example');
    expect(addressAllowed(policy, 'x', '127.0.0.1')).toBe(true);
    expect(addressAllowed(policy, 'x', '127.0.0.2')).toBe(false);
    expect(addressAllowed(policy, 'x', '::1')).toBe(true);
    expect(addressAllowed(policy, 'x', '10.20.3.4')).toBe(true);
    expect(addressAllowed(policy, 'x', '10.21.0.1')).toBe(false);
    expect(addressAllowed(policy, 'x', 'fd01::1')).toBe(true);
    expect(addressAllowed(policy, 'erp.internal', '192.168.5.5')).toBe(true);
    expect(addressAllowed(policy, 'sql.corp.example', '10.9.9.9')).toBe(true);
    expect(addressAllowed(policy, 'corp.example', '10.9.9.9')).toBe(false);
    expect(addressAllowed(policy, 'erp.internal', '169.254.169.254')).toBe(false); // a name never lets metadata in
    expect(addressAllowed(parseAllowlist('169.254.169.254'), 'x', '169.254.169.254')).toBe(true);
  });

  it('names what is wrong with an entry', () => {
    expect(allowlistProblem('loopback,private,10.0.0.0/8')).toBeUndefined();
    expect(allowlistProblem('10.0.0.0/33')).toMatch('"10.0.0.0/33"');
    expect(allowlistProblem('http://x')).toMatch('"http://x"');
    expect(allowlistProblem('')).toBeUndefined();
    expect(parseAllowlist('').description).toBe('none');
  });

  it('refuses literal refused addresses and localhost names as typed', () => {
    for (const host of ['127.0.0.1', '::1', '169.254.169.254', '10.0.0.8', 'localhost', 'api.localhost']) expect(obviouslyRefusedHost(PUBLIC_ONLY, host), host).toBe(true);
    for (const host of ['hooks.slack.com', '8.8.8.8', 'localhost.example.com']) expect(obviouslyRefusedHost(PUBLIC_ONLY, host), host).toBe(false);
    expect(obviouslyRefusedHost(parseAllowlist('loopback'), 'localhost')).toBe(false);
  });
});
