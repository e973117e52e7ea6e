/**
 * Where an alert webhook may go: only to public addresses. A tenant names the URL, so without this a
 * webhook could make Settle POST to its own loopback services, the private network or a cloud
 * metadata endpoint (SSRF). Checked on the addresses a name resolves to at delivery, not on the text.
 */
import { BlockList, isIP } from 'node:net';

/** Not public: [address, prefix length]. IANA special-purpose registries, plus cloud metadata. */
const NON_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT (Alibaba's metadata is 100.100.100.200)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, and the metadata endpoint 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
  ['168.63.129.16', 32], // Azure's metadata and health endpoint
];

const NON_PUBLIC_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96], // IPv4-mapped: whatever IPv4 address it carries
  ['64:ff9b::', 96], // NAT64, which can carry a private IPv4 address
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32], // Teredo
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local (AWS's IPv6 metadata is fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['fec0::', 10],
  ['ff00::', 8], // multicast
];

// Two lists: BlockList treats IPv4 as IPv4-mapped IPv6, so ::ffff:0:0/96 would match every IPv4 address.
const nonPublicV4 = new BlockList();
for (const [address, prefix] of NON_PUBLIC_V4) nonPublicV4.addSubnet(address, prefix, 'ipv4');
const nonPublicV6 = new BlockList();
for (const [address, prefix] of NON_PUBLIC_V6) nonPublicV6.addSubnet(address, prefix, 'ipv6');

/** True for an IP address a public webhook receiver can have; false for anything else (or not an IP). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !nonPublicV4.check(address, 'ipv4');
  if (family === 6) return !nonPublicV6.check(address, 'ipv6');
  return false;
}

/** The URL's host as an address or a name: without IPv6 brackets or a trailing dot, lower case. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/**
 * Refused as soon as it is typed: a literal non-public address, or a name that is loopback by
 * definition (RFC 6761). Other names are checked where it counts, on what they resolve to when sent.
 */
export function isObviouslyPrivateHost(host: string): boolean {
  if (isIP(host)) return !isPublicAddress(host);
  return host === 'localhost' || host.endsWith('.localhost');
}

/** A webhook target that resolves (or is) somewhere alerts must not go. */
export class NonPublicTarget extends Error {
  readonly code = 'ENONPUBLIC';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    // The address is not part of the message: tenants see it, and it would map internal DNS for them.
    super(`refused: ${host} is not a public address (ALERT_WEBHOOK_ALLOW_PRIVATE is off)`);
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** The first resolved address that is not public, if any: one is enough to refuse (no partial trust). */
export function firstNonPublic(addresses: ResolvedAddress[]): ResolvedAddress | undefined {
  return addresses.find((entry) => !isPublicAddress(entry.address));
}
