/** The egress guard: every outbound connection Settle opens on a tenant's behalf goes through it. */
export { ADDRESS_KINDS, type AddressKind, addressKind, isPublicAddress } from './address-ranges.js';
export { ALLOW_ANY, addressAllowed, defaultAllowlist, type EgressPolicy, InvalidAllowlist, obviouslyRefusedHost, parseAllowlist, PUBLIC_ONLY } from './egress-policy.js';
export { type CheckedAddress, checkHost, EgressRefused, egressFetch, egressRequest, type EgressResponse, EgressTimeout, hostOfUrl } from './egress-guard.js';
export { connectionFailureKind, type ConnectionFailureKind } from './connection-failure.js';
export { ConnectionTestBudget, Egress, egressPolicyOf } from './egress.service.js';
