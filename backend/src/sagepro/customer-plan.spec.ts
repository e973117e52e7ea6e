import { describe, expect, it } from 'vitest';
import type { CustomerRecord, NewCustomer } from './company.js';
import {
  checkCustomerChanges, checkCustomerQuery, customerKey, customerPrefix, newCustomerRow, nextCustomerNumber, normalizeCustno, planCustomerUpdate,
} from './customer-plan.js';
import { PermanentSageProError } from './errors.js';

function failure(run: () => unknown): PermanentSageProError {
  try {
    run();
  } catch (error) {
    return error as PermanentSageProError;
  }
  throw new Error('expected a validation error');
}

const stamp = { user: 'STL', date: '2026-10-31', time: '10:11:12' };
const acme: NewCustomer = {
  reference: 'PTC-5001',
  company: '  Acme Hardware ',
  contact: 'Maria Lopez',
  address: { line1: '12 Main St', city: 'Grand Rapids', state: 'MI', zip: '49503', country: 'USA' },
  phone: '616-555-0101',
  email: 'AP@Acme.example',
  terms: { code: '2% 10 Net 30', discountPercent: 2, discountDays: 10, netDays: 30 },
  creditLimitCents: 500_000,
};

const record: CustomerRecord = {
  custno: 'ACM100', company: 'Acme Hardware', contact: 'Maria Lopez', title: '',
  address: { line1: '12 Main St', line2: '', city: 'Grand Rapids', state: 'MI', zip: '49503', country: 'USA' },
  phone: '616-555-0101', fax: '', email: 'AP@Acme.example', currency: 'USD',
  terms: { code: 'Net 30', discountPercent: 0, discountDays: 0, netDays: 30 }, salesperson: 'JM', territory: 'MW', type: 'WHOLESAL', source: '',
  arAccount: '1200', creditLimitCents: 500_000, balanceCents: 12_345, onOrderCents: 0, creditHold: false, active: true, lockedBy: null, reference: null,
};

describe('custno rules', () => {
  it('upper-cases and trims a custno, left-justified by the column', () => {
    expect(normalizeCustno(' acm100 ')).toBe('ACM100');
    expect(normalizeCustno('A-1')).toBe('A-1');
  });

  it.each(['', '   ', 'ACME1000', 'AC M1', 'ACM_1', 'ÄCM1', '-ACM', 'AC%'])('refuses %j naming arcust.custno', (custno) => {
    const error = failure(() => normalizeCustno(custno));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error).toMatchObject({ kind: 'validation', field: 'arcust.custno', value: custno });
  });

  it('looks existing customers up by a looser key', () => {
    expect(customerKey(' cash ')).toBe('CASH');
    expect(customerKey('A&B')).toBe('A&B');
    expect(failure(() => customerKey('1234567'))).toMatchObject({ field: 'arcust.custno' });
  });
});

describe('nextCustomerNumber', () => {
  it('takes the company prefix and the number after the highest used, from 100', () => {
    expect(customerPrefix('Acme Hardware')).toBe('ACM');
    expect(customerPrefix('3M Company')).toBe('3MC');
    expect(customerPrefix('A1')).toBe('A1X');
    expect(customerPrefix('!!!')).toBe('CUS');
    expect(nextCustomerNumber('Acme Hardware', [])).toBe('ACM100');
    expect(nextCustomerNumber('Acme Hardware', ['ACM100', 'ACM101 ', 'ACME  ', 'ACM7'])).toBe('ACM102');
    // Gaps are not filled: a deleted customer's number may live on in history.
    expect(nextCustomerNumber('Acme Supply', ['ACM100', 'ACM150'])).toBe('ACM151');
  });

  it('asks for a custno when the prefix has no number left', () => {
    const error = failure(() => nextCustomerNumber('Acme', ['ACM999']));
    expect(error).toMatchObject({ kind: 'validation', field: 'arcust.custno' });
    expect(error.rule).toMatch(/ACM100 to ACM999 are all taken/);
  });
});

describe('newCustomerRow', () => {
  it('writes the customer with its reference in arcust.comment, trimmed, in Sage form', () => {
    expect(newCustomerRow(acme, 'acm100', 'USD', stamp, 'USD')).toEqual({
      custno: 'ACM100', company: 'Acme Hardware', contact: 'Maria Lopez', title: '', address1: '12 Main St', address2: '', city: 'Grand Rapids',
      addrstate: 'MI', zip: '49503', country: 'USA', phone: '616-555-0101', faxno: '', email: 'AP@Acme.example', terr: '', salesmn: '', source: '',
      type: '', pterms: '2% 10 Net 30', pdisc: '2.000', pdays: 10, pnet: 30, aracct: '', credlimit: '5000.0000', currency: 'USD', credstat: '',
      custstat: '', comment: '<Settle PTC-5001>', entered: '2026-10-31', adduser: 'STL', adddate: '2026-10-31', addtime: '10:11:12',
    });
    expect(newCustomerRow({ ...acme, currency: 'CAD' }, 'ACM100', 'USD', stamp, 'USD').currency).toBe('CAD');
  });

  it("writes the credit limit in the customer's currency, else the books'", () => {
    expect(newCustomerRow({ ...acme, currency: 'JPY', creditLimitCents: 500_000 }, 'ACM100', 'USD', stamp, 'USD').credlimit).toBe('500000.0000');
    expect(newCustomerRow({ ...acme, currency: 'KWD', creditLimitCents: 5_000 }, 'ACM100', 'USD', stamp, 'USD').credlimit).toBe('5.0000');
    expect(newCustomerRow({ ...acme, creditLimitCents: 1_200 }, 'ACM100', '', stamp, 'JPY')).toMatchObject({ currency: '', credlimit: '1200.0000' });
    expect(failure(() => newCustomerRow({ ...acme, currency: 'ZZZ' }, 'ACM100', 'USD', stamp, 'USD'))).toMatchObject({ field: 'arcust.currency' });
  });

  it.each<[Partial<NewCustomer>, string, RegExp]>([
    [{ company: 'C'.repeat(36) }, 'arcust.company', /^char\(35\): at most 35 characters$/],
    [{ company: '  ' }, 'arcust.company', /company name/],
    [{ address: { city: 'Llanfairpwllgwyngyll-gogerychwyrndrobwll' } }, 'arcust.city', /^char\(20\)/],
    [{ address: { state: 'Michigan State' } }, 'arcust.addrstate', /^char\(10\)/],
    [{ phone: '+1 (616) 555-0101 ext. 1234' }, 'arcust.phone', /^char\(20\)/],
    [{ email: 'not an address' }, 'arcust.email', /e-mail/],
    [{ currency: 'usd' }, 'arcust.currency', /ISO/],
    [{ terms: { code: 'Net 30', netDays: 1000 } }, 'arcust.pnet', /0 to 999/],
    [{ terms: { code: 'Net 30', discountPercent: 2.0005 } }, 'arcust.pdisc', /3 decimals/],
    [{ terms: { code: 'Net 30 days from the end of the month' } }, 'arcust.pterms', /^char\(20\)/],
    [{ creditLimitCents: -1 }, 'arcust.credlimit', /not negative/],
    [{ salesperson: 'JANE' + 'X' }, 'arcust.salesmn', /^char\(4\)/],
    [{ reference: 'has space' }, 'arcust.comment', /Settle reference/],
    [{ reference: 'X'.repeat(41) }, 'arcust.comment', /Settle reference/],
    [{ contact: 'Maria\nLopez' }, 'arcust.contact', /control/],
  ])('refuses %j naming %s', (change, field, rule) => {
    const error = failure(() => newCustomerRow({ ...acme, ...change }, 'ACM100', 'USD', stamp, 'USD'));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error.kind).toBe('validation');
    expect(error.field).toBe(field);
    expect(error.rule).toMatch(rule);
    expect(error.message).toContain(field);
  });
});

describe('planCustomerUpdate', () => {
  it('writes only what changes, address fields one by one', () => {
    expect(planCustomerUpdate(record, { address: { line2: 'Suite 4', city: ' Grand Rapids ' }, email: 'ap@acme.example', phone: '616-555-0101' }, 'USD')).toEqual({
      address2: 'Suite 4',
      email: 'ap@acme.example',
    });
    expect(planCustomerUpdate(record, { terms: { netDays: 45, discountPercent: 1.5 } }, 'USD')).toEqual({ pnet: 45, pdisc: '1.500' });
    expect(planCustomerUpdate(record, { creditLimitCents: 600_000, company: 'Acme Hardware Inc.' }, 'USD')).toEqual({ company: 'Acme Hardware Inc.', credlimit: '6000.0000' });
  });

  it('is empty when the customer already says so', () => {
    expect(planCustomerUpdate(record, { company: ' Acme Hardware', address: { zip: '49503' }, terms: { code: 'Net 30', netDays: 30 } }, 'USD')).toEqual({});
    expect(planCustomerUpdate(record, {}, 'USD')).toEqual({});
  });

  it('does not trip over what a person typed into fields it leaves alone', () => {
    expect(planCustomerUpdate({ ...record, email: 'ap@acme; billing@acme', terms: { ...record.terms, discountPercent: 2.5 } }, { phone: '616-555-0199' }, 'USD')).toEqual({ phone: '616-555-0199' });
  });

  it('changes the currency only while the customer owes nothing', () => {
    expect(failure(() => planCustomerUpdate(record, { currency: 'CAD' }, 'USD'))).toMatchObject({ field: 'arcust.currency' });
    expect(planCustomerUpdate({ ...record, balanceCents: 0 }, { currency: 'CAD' }, 'USD')).toEqual({ currency: 'CAD' });
    expect(planCustomerUpdate(record, { currency: 'USD' }, 'USD')).toEqual({});
  });

  it('refuses too-wide values and fields Settle never changes', () => {
    expect(failure(() => planCustomerUpdate(record, { address: { zip: '49503-1234-99' } }, 'USD'))).toMatchObject({ field: 'arcust.zip', rule: 'char(10): at most 10 characters' });
    expect(failure(() => checkCustomerChanges({ title: 'T'.repeat(31) }, 'USD'))).toMatchObject({ field: 'arcust.title' });
    expect(failure(() => checkCustomerChanges({ custno: 'NEW1' } as never, 'USD'))).toMatchObject({ field: 'arcust.custno' });
    expect(() => checkCustomerChanges({ title: 'Owner' }, 'USD')).not.toThrow();
  });
});

describe('checkCustomerQuery', () => {
  it('trims and keys what it looks for', () => {
    expect(checkCustomerQuery({ custno: ' acm100' })).toEqual({ custno: 'ACM100' });
    expect(checkCustomerQuery({ email: ' AP@Acme.example ' })).toEqual({ email: 'AP@Acme.example' });
    expect(checkCustomerQuery({ company: ' Acme Hardware ' })).toEqual({ company: 'Acme Hardware' });
  });

  it.each([{ custno: '' }, { email: ' ' }, { company: 'C'.repeat(36) }, {}])('refuses %j', (query) => {
    expect(failure(() => checkCustomerQuery(query as never))).toMatchObject({ kind: 'validation' });
  });
});
