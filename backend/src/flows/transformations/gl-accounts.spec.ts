import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '../../pipeline/events/settle-event.js';
import { type GlAccounts, glAccountFor as connectionAccountFor } from '../../pipeline/workflows/posting-rules.js';
import { type GlRule, glRule } from '../definition/flow-definition.js';
import { checkGlAccounts, type GlFacts, glAccountFor, glFactsOf } from './gl-accounts.js';

const accounts: GlAccounts = { cash: '1010-00', refunds: '4090-00', chargebacks: '6750-00' };

const facts = (extra: Partial<GlFacts> = {}): GlFacts => ({ trigger: 'approved', amountMinor: 12_550, currency: 'USD', ...extra });
const rule = (id: string, when: GlRule['when'], account = `ACCT-${id}`): GlRule => glRule.parse({ id, when, account });

describe('glAccountFor without rules', () => {
  it('is the connection account of today’s glAccountFor, recorded as the trigger’s default', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PAYMENT_EVENT_TYPES), fc.integer({ min: 1, max: 10_000_000 }), fc.constantFrom('USD', 'CAD', 'JPY'), (type, amountMinor, currency) => {
        const event: PaymentEvent = { type, transactionId: '1', amountMinor, currency, occurredAt: '2026-10-15T17:20:00.000Z', method: 'card' };
        const today = connectionAccountFor(type, accounts);
        for (const rules of [undefined, []]) {
          const chosen = glAccountFor(glFactsOf(event), rules, accounts);
          expect(chosen?.account ?? null).toBe(today);
          if (chosen) expect(chosen.rule).toBe(`default:${type.slice('payment.'.length)}`);
        }
      }),
    );
  });

  it('names the default that applied', () => {
    expect(glAccountFor(facts({ trigger: 'voided' }), undefined, accounts)).toEqual({ account: '4090-00', rule: 'default:voided' });
    expect(glAccountFor(facts({ trigger: 'charged_back' }), undefined, accounts)).toEqual({ account: '6750-00', rule: 'default:charged_back' });
  });
});

describe('glAccountFor with rules', () => {
  it('the first rule that holds wins, in the order given', () => {
    const rules = [rule('big', { amount: { atLeast: 1_000_000 } }), rule('usd', { currencies: ['USD'] }), rule('all', {})];
    expect(glAccountFor(facts(), rules, accounts)).toEqual({ account: 'ACCT-usd', rule: 'usd' });
    expect(glAccountFor(facts({ amountMinor: 1_000_000 }), rules, accounts)).toEqual({ account: 'ACCT-big', rule: 'big' });
    expect(glAccountFor(facts(), [rules[2], rules[1]], accounts)).toEqual({ account: 'ACCT-all', rule: 'all' });
  });

  it('no rule holding: the default applies', () => {
    const rules = [rule('cad', { currencies: ['CAD'] })];
    expect(glAccountFor(facts(), rules, accounts)).toEqual({ account: '1010-00', rule: 'default:approved' });
  });

  it('every condition a rule names must hold', () => {
    const both = [rule('amex-refund', { triggers: ['refunded'], cardBrands: ['AMEX'] })];
    expect(glAccountFor(facts({ trigger: 'refunded', cardBrand: 'AMEX' }), both, accounts)?.rule).toBe('amex-refund');
    expect(glAccountFor(facts({ trigger: 'approved', cardBrand: 'AMEX' }), both, accounts)?.rule).toBe('default:approved');
    expect(glAccountFor(facts({ trigger: 'refunded', cardBrand: 'VISA' }), both, accounts)?.rule).toBe('default:refunded');
  });

  it('a rule without conditions always holds (a catch-all)', () => {
    expect(glAccountFor(facts({ trigger: 'charged_back' }), [rule('all', {})], accounts)).toEqual({ account: 'ACCT-all', rule: 'all' });
  });

  it('transaction type', () => {
    const rules = [rule('reversals', { triggers: ['refunded', 'voided'] })];
    expect(glAccountFor(facts({ trigger: 'voided' }), rules, accounts)?.rule).toBe('reversals');
    expect(glAccountFor(facts({ trigger: 'refunded' }), rules, accounts)?.rule).toBe('reversals');
    expect(glAccountFor(facts({ trigger: 'charged_back' }), rules, accounts)?.rule).toBe('default:charged_back');
  });

  it('declined and settled payments post nothing, whatever the rules say', () => {
    const rules = [rule('all', {}), rule('declines', { triggers: ['declined', 'settled'] })];
    expect(glAccountFor(facts({ trigger: 'declined' }), rules, accounts)).toBeNull();
    expect(glAccountFor(facts({ trigger: 'settled' }), rules, accounts)).toBeNull();
  });

  it('card brand, case-insensitive and trimmed', () => {
    const rules = [rule('amex', { cardBrands: ['Amex', 'DINERS'] })];
    for (const cardBrand of ['AMEX', 'amex', ' Amex ', 'diners']) expect(glAccountFor(facts({ cardBrand }), rules, accounts)?.rule).toBe('amex');
    expect(glAccountFor(facts({ cardBrand: 'VISA' }), rules, accounts)?.rule).toBe('default:approved');
  });

  it('a rule naming brands does not hold for a payment whose brand is unknown', () => {
    const rules = [rule('amex', { cardBrands: ['AMEX'] })];
    expect(glAccountFor(facts(), rules, accounts)?.rule).toBe('default:approved');
  });

  it('product line: any of the order’s items in a named line; none known does not hold', () => {
    const rules = [rule('parts', { productLines: ['PA', 'SV'] })];
    expect(glAccountFor(facts({ productLines: ['HW', 'sv'] }), rules, accounts)?.rule).toBe('parts');
    expect(glAccountFor(facts({ productLines: ['HW'] }), rules, accounts)?.rule).toBe('default:approved');
    expect(glAccountFor(facts({ productLines: [] }), rules, accounts)?.rule).toBe('default:approved');
    expect(glAccountFor(facts(), rules, accounts)?.rule).toBe('default:approved');
  });

  it('customer class (arcust.type), as Sage Pro pads and cases it', () => {
    const rules = [rule('dealers', { customerClasses: ['DEALER'] })];
    expect(glAccountFor(facts({ customerClass: 'DEALER  ' }), rules, accounts)?.rule).toBe('dealers');
    expect(glAccountFor(facts({ customerClass: 'dealer' }), rules, accounts)?.rule).toBe('dealers');
    expect(glAccountFor(facts({ customerClass: 'RETAIL' }), rules, accounts)?.rule).toBe('default:approved');
    expect(glAccountFor(facts(), rules, accounts)?.rule).toBe('default:approved');
  });

  it('currency', () => {
    const rules = [rule('cad', { currencies: ['CAD', 'MXN'] })];
    expect(glAccountFor(facts({ currency: 'MXN' }), rules, accounts)?.rule).toBe('cad');
    expect(glAccountFor(facts({ currency: 'USD' }), rules, accounts)?.rule).toBe('default:approved');
  });

  it('amount range: both ends inclusive', () => {
    const rules = [rule('mid', { amount: { atLeast: 10_000, atMost: 50_000 } })];
    expect(glAccountFor(facts({ amountMinor: 9_999 }), rules, accounts)?.rule).toBe('default:approved');
    expect(glAccountFor(facts({ amountMinor: 10_000 }), rules, accounts)?.rule).toBe('mid');
    expect(glAccountFor(facts({ amountMinor: 50_000 }), rules, accounts)?.rule).toBe('mid');
    expect(glAccountFor(facts({ amountMinor: 50_001 }), rules, accounts)?.rule).toBe('default:approved');
  });

  it('an open-ended amount range', () => {
    const atLeast = [rule('large', { amount: { atLeast: 100_000 } })];
    const atMost = [rule('small', { amount: { atMost: 999 } })];
    expect(glAccountFor(facts({ amountMinor: 100_000 }), atLeast, accounts)?.rule).toBe('large');
    expect(glAccountFor(facts({ amountMinor: 99_999 }), atLeast, accounts)?.rule).toBe('default:approved');
    expect(glAccountFor(facts({ amountMinor: 999 }), atMost, accounts)?.rule).toBe('small');
    expect(glAccountFor(facts({ amountMinor: 1_000 }), atMost, accounts)?.rule).toBe('default:approved');
  });

  it('the first rule that holds wins against a reference model, for any rules and facts', () => {
    const when = fc.record(
      {
        triggers: fc.subarray(['approved', 'refunded', 'voided', 'charged_back'] as const, { minLength: 1 }),
        currencies: fc.subarray(['USD', 'CAD'], { minLength: 1 }),
        amount: fc.record({ atLeast: fc.integer({ min: 0, max: 200 }), atMost: fc.integer({ min: 0, max: 200 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    const rules = fc.array(when, { maxLength: 6 }).map((list) => list.map((w, i) => rule(`r${i}`, w)));
    const someFacts = fc.record({
      trigger: fc.constantFrom('approved', 'refunded', 'voided', 'charged_back') as fc.Arbitrary<GlFacts['trigger']>,
      currency: fc.constantFrom('USD', 'CAD'),
      amountMinor: fc.integer({ min: 0, max: 200 }),
    });
    fc.assert(
      fc.property(rules, someFacts, (list, f) => {
        const model = list.find(
          ({ when: w }) =>
            (!w.triggers || w.triggers.includes(f.trigger)) &&
            (!w.currencies || w.currencies.includes(f.currency)) &&
            (w.amount?.atLeast === undefined || f.amountMinor >= w.amount.atLeast) &&
            (w.amount?.atMost === undefined || f.amountMinor <= w.amount.atMost),
        );
        const chosen = glAccountFor(f, list, accounts);
        expect(chosen?.rule).toBe(model ? model.id : `default:${f.trigger}`);
      }),
    );
  });
});

describe('glFactsOf', () => {
  it('takes the trigger, amount and currency from the event and the rest from the caller', () => {
    const event: PaymentEvent = { type: 'payment.charged_back', transactionId: '1', amountMinor: 700, currency: 'CAD', occurredAt: '2026-10-15T17:20:00.000Z', method: 'card' };
    expect(glFactsOf(event)).toEqual({ trigger: 'charged_back', amountMinor: 700, currency: 'CAD' });
    expect(glFactsOf(event, { customerClass: 'DEALER' })).toEqual({ trigger: 'charged_back', amountMinor: 700, currency: 'CAD', customerClass: 'DEALER' });
  });
});

describe('checkGlAccounts', () => {
  const chart = new Set(['1010-00', '1015-00', '4090-00']);

  it('no rules, or rules whose accounts are all in the chart: nothing to report', () => {
    expect(checkGlAccounts(undefined, chart)).toEqual([]);
    expect(checkGlAccounts([rule('amex', { cardBrands: ['AMEX'] }, '1015-00'), rule('all', {}, ' 1010-00 ')], chart)).toEqual([]);
  });

  it('names each rule whose account is not in the chart', () => {
    const problems = checkGlAccounts([rule('amex', { cardBrands: ['AMEX'] }, '1015-00'), rule('typo', {}, '1O10-00'), rule('gone', {}, '9999')], chart);
    expect(problems).toEqual([
      { ruleId: 'typo', account: '1O10-00', message: expect.stringContaining('1O10-00') },
      { ruleId: 'gone', account: '9999', message: expect.stringContaining('"gone"') },
    ]);
  });
});
