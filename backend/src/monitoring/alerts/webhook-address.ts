/**
 * Where an alert webhook may go. A tenant names the URL, so without a check a webhook could make
 * Settle POST to its own loopback services, the private network or a cloud metadata endpoint (SSRF).
 * The check is the egress guard's (platform/egress), on the addresses a name resolves to at delivery;
 * these are its answers in the words alert channels use.
 */
import { isIP } from 'node:net';
import { hostOfUrl, isPublicAddress, obviouslyRefusedHost, PUBLIC_ONLY } from '../../platform/egress/index.js';

export { isPublicAddress };

/** The URL's host as an address or a name: without IPv6 brackets or a trailing dot, lower case. */
export const hostOf = hostOfUrl;

/**
 * Refused as soon as it is typed: a literal non-public address, or a name that is loopback by
 * definition (RFC 6761). Other names are checked where it counts, on what they resolve to when sent.
 */
export function isObviouslyPrivateHost(host: string): boolean {
  return obviouslyRefusedHost(PUBLIC_ONLY, host);
}

/** A webhook target that resolves (or is) somewhere alerts must not go. */
export class NonPublicTarget extends Error {
  readonly code = 'ENONPUBLIC';
  constructor(
    readonly host: string,
    readonly address: string,
    allowPrivate = false,
  ) {
    // The address is not part of the message: tenants see it, and it would map internal DNS for them.
    super(`refused: ${host} is not a public address (${allowPrivate ? 'nor allowed by EGRESS_ALLOW' : 'ALERT_WEBHOOK_ALLOW_PRIVATE is off'})`);
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** The first resolved address that is not public, if any: one is enough to refuse (no partial trust). */
export function firstNonPublic(addresses: ResolvedAddress[]): ResolvedAddress | undefined {
  return addresses.find((entry) => !isIP(entry.address) || !isPublicAddress(entry.address));
}
