/**
 * The GL accounts card money goes to in Sage Pro: the connection's cash account, every account the
 * deployed payment flow's GL rules give, and the cash accounts its mappings name outright. A receipt
 * keyed by hand to one of them is card money; to any other (a check to the operating account) it is
 * not reconciliation's business.
 */
import type { FlowDefinition } from '../../flows/definition/flow-definition.js';
import { accountsNamedIn } from '../../flows/mappings/mapped-codes.js';
import { trimKey } from '../../sagepro/keys.js';

export function cardAccounts(connectionCash: string, flow: FlowDefinition | null | undefined): Set<string> {
  const accounts = [connectionCash];
  for (const step of flow?.steps ?? []) {
    if (step.type !== 'transform') continue;
    for (const rule of step.config.glRules ?? []) accounts.push(rule.account);
    accounts.push(...accountsNamedIn(step.config.mappings).filter((named) => named.rule === 'cash_receipt.cashacct').map((named) => named.account));
  }
  return new Set(accounts.map(trimKey).filter(Boolean));
}
