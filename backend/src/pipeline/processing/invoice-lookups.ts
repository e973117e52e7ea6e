import type { OpenInvoice } from '../../sagepro/company.js';

/**
 * A drain's open invoices by number, read once per Sage Pro company before its events are worked
 * (one statement instead of one per payment). Only what was asked is known; anything else is looked
 * up as before. A write during the drain that reopens invoices (a reversal) makes the company's
 * answers stale, so they are forgotten.
 */
export class InvoiceLookups {
  private readonly companies = new Map<string, Map<string, OpenInvoice[]>>();

  remember(connectionId: string, found: Map<string, OpenInvoice[]>): void {
    this.companies.set(connectionId, found);
  }

  /** The open invoices numbered `invno`, or undefined when the drain did not read that number. */
  find(connectionId: string, invno: string): OpenInvoice[] | undefined {
    return this.companies.get(connectionId)?.get(invno.trim());
  }

  forget(connectionId: string): void {
    this.companies.delete(connectionId);
  }
}
