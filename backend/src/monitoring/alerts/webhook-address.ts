/**
 * Where an alert webhook may go. A tenant names the URL, so without a check a webhook could make
 * Settle POST to its own loopback services, the private network or a cloud metadata endpoint (SSRF).
 * The check is the egress guard's (platform/egress), on the addresses a name resolves to at delivery;
 * these are its answers in the words alert channels use.
 */
import { obviouslyRefusedHost, PUBLIC_ONLY } from '../../platform/egress/index.js';

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
