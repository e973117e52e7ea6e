import { describe, expect, it } from 'vitest';
import { hostOfUrl as hostOf, isPublicAddress } from '../../platform/egress/index.js';
import { isObviouslyPrivateHost } from './webhook-address.js';

describe('webhook addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '169.254.0.1',
    '100.100.100.200',
    '168.63.129.16',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '192.0.2.10',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::5',
    'ff02::1',
    '64:ff9b::a00:1',
    '2002:a00:1::1',
    '2001:db8::1',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '169.253.1.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])(
    '%s is public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('is not an address at all when it is a name', () => {
    expect(isPublicAddress('hooks.slack.com')).toBe(false);
  });

  it('takes the host out of a URL as it is resolved: no brackets, no trailing dot, lower case', () => {
    expect(hostOf(new URL('http://[::1]:8080/x'))).toBe('::1');
    expect(hostOf(new URL('https://Hooks.Slack.com./services/x'))).toBe('hooks.slack.com');
    expect(hostOf(new URL('http://2130706433/'))).toBe('127.0.0.1');
  });

  it('refuses literal non-public hosts and localhost names as typed, and leaves other names to delivery', () => {
    for (const host of ['127.0.0.1', '::1', '169.254.169.254', '10.0.0.8', 'localhost', 'api.localhost']) expect(isObviouslyPrivateHost(host), host).toBe(true);
    for (const host of ['hooks.slack.com', '8.8.8.8', 'localhost.example.com', 'internal']) expect(isObviouslyPrivateHost(host), host).toBe(false);
  });
});
