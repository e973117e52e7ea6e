/**
 * What kind of address an IP is, for the egress guard: only `public` may be reached on a tenant's
 * behalf in production. IANA special-purpose registries, plus the cloud metadata endpoints.
 */
import { BlockList, isIP } from 'node:net';

export const ADDRESS_KINDS = ['public', 'metadata', 'unspecified', 'broadcast', 'loopback', 'private', 'link_local', 'multicast', 'reserved'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

type Ranges = [AddressKind, [string, number][]][];

/** Checked in this order: the first list that holds the address names its kind. */
const V4: Ranges = [
  // AWS, GCP, Azure, OpenStack (169.254.169.254), Azure's wire server, Alibaba's metadata.
  ['metadata', [['169.254.169.254', 32], ['168.63.129.16', 32], ['100.100.100.200', 32]]],
  ['unspecified', [['0.0.0.0', 8]]], // "this network": 0.0.0.0 reaches this machine on Linux
  ['broadcast', [['255.255.255.255', 32]]],
  ['loopback', [['127.0.0.0', 8]]],
  ['private', [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]]], // RFC 1918 and carrier-grade NAT
  ['link_local', [['169.254.0.0', 16]]],
  ['multicast', [['224.0.0.0', 4]]],
  ['reserved', [['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['240.0.0.0', 4]]],
];

const V6: Ranges = [
  ['metadata', [['fd00:ec2::254', 128]]], // AWS's IPv6 metadata endpoint
  ['unspecified', [['::', 128]]],
  ['loopback', [['::1', 128]]],
  ['private', [['fc00::', 7]]], // unique local
  ['link_local', [['fe80::', 10], ['fec0::', 10]]],
  ['multicast', [['ff00::', 8]]],
  // IPv4-compatible, NAT64, Teredo, documentation, 6to4: each can carry or reach an IPv4 address of any kind.
  ['reserved', [['::', 96], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 32], ['2001:db8::', 32], ['2002::', 16]]],
];

// One BlockList per kind and family: BlockList treats IPv4 as IPv4-mapped IPv6, so families stay apart.
const compile = (ranges: Ranges, family: 'ipv4' | 'ipv6'): [AddressKind, BlockList][] =>
  ranges.map(([kind, subnets]) => {
    const list = new BlockList();
    for (const [address, prefix] of subnets) list.addSubnet(address, prefix, family);
    return [kind, list];
  });
const v4 = compile(V4, 'ipv4');
const v6 = compile(V6, 'ipv6');

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:a.b.c.d, ::ffff:7f00:1) carries, if it is one. */
export function unmappedIPv4(address: string): string | undefined {
  const text = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){5}ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) return dotted[1];
  const hex = /^(?:(?:0{0,4}:){5}|::)ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(text);
  if (!hex) return undefined;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** The kind of an IP address; `undefined` when it is not an IP address at all (a name). */
export function addressKind(address: string): AddressKind | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, ''); // brackets, zone id (fe80::1%eth0)
  const family = isIP(bare);
  if (family === 0) return undefined;
  if (family === 6) {
    const mapped = unmappedIPv4(bare);
    if (mapped) return addressKind(mapped);
  }
  const lists = family === 4 ? v4 : v6;
  const ipFamily = family === 4 ? 'ipv4' : 'ipv6';
  return lists.find(([, list]) => list.check(bare, ipFamily))?.[0] ?? 'public';
}

/** True only for an address a public service can have. */
export function isPublicAddress(address: string): boolean {
  return addressKind(address) === 'public';
}
