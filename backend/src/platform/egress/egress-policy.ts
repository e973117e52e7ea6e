/**
 * Which non-public addresses Settle may still reach on a tenant's behalf: the allowlist (EGRESS_ALLOW).
 * Production allows none unless the operator names them (an on-premises SQL Server over a VPN);
 * development and tests allow loopback and private networks, where the local sandboxes and test
 * receivers listen. Metadata endpoints are only ever reached when their exact address is listed.
 */
import { BlockList, isIP } from 'node:net';
import { type AddressKind, addressKind } from './address-ranges.js';

/** Kinds an allowlist may name by keyword: `loopback`, `private`. */
const KIND_KEYWORDS: Record<string, AddressKind> = { loopback: 'loopback', private: 'private' };

export interface EgressPolicy {
  /** Kinds of non-public address allowed whole (never metadata). */
  kinds: ReadonlySet<AddressKind>;
  /** Addresses and ranges allowed, whatever their kind. */
  ranges: BlockList;
  /** Host names whose addresses are allowed (not metadata): `erp.internal`, or `*.corp.example` for its sub-names. */
  names: readonly string[];
  /** The allowlist as given, for messages and logs. */
  description: string;
}

export class InvalidAllowlist extends Error {}

/** The allowlist used when EGRESS_ALLOW is unset. */
export function defaultAllowlist(nodeEnv: string): string {
  return nodeEnv === 'production' ? 'none' : 'loopback,private';
}

/**
 * Parses `loopback,private,10.20.0.0/16,192.0.2.7,::1,erp.internal,*.corp.example` (commas or spaces);
 * `none` or nothing allows no non-public address. Throws InvalidAllowlist naming the bad entry.
 */
export function parseAllowlist(text: string): EgressPolicy {
  const kinds = new Set<AddressKind>();
  const ranges = new BlockList();
  const names: string[] = [];
  const entries = text.split(/[\s,]+/).map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  for (const entry of entries) {
    if (entry === 'none') continue;
    if (KIND_KEYWORDS[entry]) {
      kinds.add(KIND_KEYWORDS[entry]);
      continue;
    }
    const [address, prefixText, extra] = entry.replace(/^\[(.*)\]/, '$1').split('/');
    const family = isIP(address);
    if (family && extra === undefined) {
      const maxPrefix = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
      if (!/^\d+$/.test(prefixText ?? '0') || prefix > maxPrefix) throw new InvalidAllowlist(`"${entry}" has an invalid prefix length`);
      ranges.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
      continue;
    }
    if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) {
      names.push(entry);
      continue;
    }
    throw new InvalidAllowlist(`"${entry}" is not an address, a range, a host name, loopback, private or none`);
  }
  return { kinds, ranges, names, description: entries.join(',') || 'none' };
}

/** Allows every address: for Settle's own built-in sandboxes and the wiring tests of the guard itself. */
export const ALLOW_ANY: EgressPolicy = Object.freeze({
  kinds: new Set<AddressKind>(['metadata', 'unspecified', 'broadcast', 'loopback', 'private', 'link_local', 'multicast', 'reserved']),
  ranges: new BlockList(),
  names: [],
  description: 'any',
});

/** Public addresses only: what production allows with EGRESS_ALLOW unset. */
export const PUBLIC_ONLY: EgressPolicy = parseAllowlist('none');

function nameAllowed(policy: EgressPolicy, host: string): boolean {
  return policy.names.some((name) => (name.startsWith('*.') ? host.endsWith(name.slice(1)) : host === name));
}

function inRanges(policy: EgressPolicy, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && policy.ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether `address`, which `host` resolved to (or which `host` is), may be connected to. Public
 * addresses always; others when their exact address or range is listed, their kind is, or (not for
 * metadata) the host name is.
 */
export function addressAllowed(policy: EgressPolicy, host: string, address: string): boolean {
  const kind = addressKind(address);
  if (kind === undefined) return false;
  if (kind === 'public') return true;
  if (inRanges(policy, address)) return true;
  if (policy.kinds.has(kind)) return true;
  return kind !== 'metadata' && nameAllowed(policy, host.toLowerCase());
}

/**
 * Refused as soon as it is typed, without a lookup: a literal address the policy refuses, or a name
 * that is loopback by definition (RFC 6761) when loopback is not allowed. Other names are checked
 * on what they resolve to, when connected.
 */
export function obviouslyRefusedHost(policy: EgressPolicy, host: string): boolean {
  if (isIP(host)) return !addressAllowed(policy, host, host);
  if (host !== 'localhost' && !host.endsWith('.localhost')) return false;
  return !policy.kinds.has('loopback') && !nameAllowed(policy, host) && !inRanges(policy, '127.0.0.1');
}

/** What is wrong with an allowlist text, for configuration errors; undefined when it parses. */
export function allowlistProblem(text: string): string | undefined {
  try {
    parseAllowlist(text);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidAllowlist) return error.message;
    throw error;
  }
}
