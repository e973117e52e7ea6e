import type pg from 'pg';

/**
 * What production code may ask of the built-in sandboxes (backend/src/sandbox implements it and
 * provides it under BUILT_IN_SANDBOXES): production code never imports the sandboxes themselves, so a
 * build without them, or a real PayTrace and Sage Pro, changes nothing but this one provider.
 */
export const BUILT_IN_SANDBOXES = Symbol('BUILT_IN_SANDBOXES');

/** Where the PayTrace sandbox is served, under the app's own origin. */
export const PAYTRACE_SANDBOX_PREFIX = '/sandbox/paytrace';

export interface SandboxMerchant {
  username: string;
  password: string;
  integratorId: string;
  timeZone: string;
}

export interface BuiltInSandboxes {
  /** SANDBOXES=on. */
  readonly enabled: boolean;
  /** A new PayTrace sandbox merchant for a one-click connection. */
  createPayTraceMerchant(name: string, timeZone?: string): Promise<SandboxMerchant>;
  /** The PayTrace sandbox's base URL; throws SandboxNotListening before this process listens. */
  payTraceBaseUrl(): string;
  /** The connector's pool on the tenant's sandbox Sage Pro company (built on first use). */
  sageProPool(tenantId?: string): Promise<pg.Pool>;
  /** The GL accounts of the sandbox company's own chart that a one-click connection posts to. */
  sageProPostingAccounts(): { cash: string; receivables: string; discounts: string; refunds: string; chargebacks: string; sales: string };
}

/** Asked for the built-in PayTrace sandbox before this process listens (the moments of start-up). */
export class SandboxNotListening extends Error {
  constructor() {
    super('The PayTrace sandbox is reachable only once Settle listens on a port');
  }
}
