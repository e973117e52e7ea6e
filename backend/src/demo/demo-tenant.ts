/**
 * What makes the seeded demo tenant a working demo: names of the things it is wired with, so that
 * start-up finds them again instead of adding more, and the alert kinds it watches.
 */
import type { AlertKind } from '../monitoring/alerts/alert-signal.js';

export const DEMO_NAMES = {
  payTrace: 'Demo PayTrace (sandbox)',
  sagePro: 'Demo Sage Pro (sandbox)',
  integration: 'Demo: PayTrace to Sage Pro',
  shop: 'Demo Shopify store',
  alertChannel: 'Demo owner (email)',
} as const;

export const DEMO_ALERT_KINDS: readonly AlertKind[] = ['dead_letter', 'chargeback', 'payment_declined'];

/**
 * The demo polls its own feed after every payment it makes; the 30 s schedule is the safety net.
 * Its rate limit leaves room for that and for looking up the day's unsettled transactions.
 */
export const DEMO_POLL_INTERVAL_SECONDS = 30;
export const DEMO_RATE_LIMIT_PER_MINUTE = 600;

/** The demo tenant as the traffic generator needs it. */
export interface DemoTenant {
  tenantId: string;
  userId: string;
  email: string;
  payTraceConnectionId: string;
  sageProConnectionId: string;
  /** Sage Pro company id of the sandbox connection ('01'). */
  companyId: string;
  integrationId: string;
  /** Where shop orders take their stock (the integration's order location). */
  orderLocation: string;
  /** The Shopify-orders webhook endpoint: its row id and the id in its URL. */
  shopEndpointId: string;
  shopEndpointPath: string;
}

/** Where the demo's traffic comes from: this process, the worker process (split roles), or nowhere. */
export type DemoTrafficWhere = 'here' | 'worker' | 'off' | 'failed';

/** What `npm start` prints for the demo: where to go and how to sign in, and whether traffic flows. */
export function demoLoginLine(baseUrl: string, email: string, password: string, traffic: DemoTrafficWhere): string {
  const note = {
    here: 'sandbox traffic running: payments become Sage Pro receipts within a minute (DEMO=off stops it)',
    worker: 'sandbox traffic comes from the worker process (npm start -- --role=worker)',
    off: 'DEMO=off: no sandboxes wired, no traffic',
    failed: 'the demo could not be wired: see the Demo warning above',
  }[traffic];
  return `  Demo login  ${baseUrl}/  ${email} / ${password}\n              ${note}`;
}

/** The demo shop: pay an open invoice at the PayTrace sandbox checkout page. */
export function demoShopLine(baseUrl: string): string {
  return `  Demo shop   ${baseUrl}/demo/shop  (pay an invoice at the PayTrace sandbox checkout, then watch its receipt)`;
}
