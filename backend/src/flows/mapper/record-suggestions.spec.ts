import { describe, expect, it } from 'vitest';
import { TARGET_RECORDS } from '../definition/flow-definition.js';
import { SAGE_TARGETS } from '../mappings/sage-targets.js';
import { countDecision, type DecisionCount } from '../suggestions/priors.js';
import { sourceTree } from '../suggestions/source-tree.js';
import { suggestForRecord, targetColumn, targetFields } from './record-suggestions.js';

const payTrace = { transaction_id: 123456789, invoice_id: '1001', customer_id: 'ACM100', amount: 123.45, created: { at: '10/31/2026 15:04:05' }, description: 'Payment' };

describe('targetFields', () => {
  it('lists every field of every record with its type, width and who sets it', () => {
    for (const record of TARGET_RECORDS) expect(targetFields(record).map((f) => f.name)).toEqual(SAGE_TARGETS[record].fields.map((f) => f.name));
    const item = targetFields('sales_order_line').find((f) => f.name === 'item')!;
    expect(item).toMatchObject({ table: 'sotran', type: 'char', width: 25, settleOwns: null });
    expect(targetFields('cash_receipt').find((f) => f.name === 'invno')!.settleOwns).toBeTruthy();
  });
});

describe('suggestForRecord', () => {
  it('ranks invoice_id for a receipt’s invno from a PayTrace export', () => {
    const fields = suggestForRecord(sourceTree(payTrace), 'cash_receipt', { format: 'paytrace-export' });
    const invno = fields.find((f) => f.field === 'invno')!;
    expect(invno.target).toBe('arcash.invno');
    expect(invno.candidates[0].path).toBe('invoice_id');
    for (const field of fields) for (const candidate of field.candidates) expect(candidate.confidence).toBeLessThanOrEqual(1);
  });

  it('asks invoice_status’s fields of their own tables', () => {
    const fields = suggestForRecord(sourceTree(payTrace), 'invoice_status', { format: 'paytrace-export' });
    expect(fields.map((f) => f.field)).toEqual(SAGE_TARGETS.invoice_status.fields.map((f) => f.name));
  });

  it('only the fields asked for; priors move the ranking', () => {
    const cold = suggestForRecord(sourceTree(payTrace), 'cash_receipt', { format: 'paytrace-export', fields: ['invno'] });
    expect(cold.map((f) => f.field)).toEqual(['invno']);
    const tenant = new Map<string, DecisionCount>();
    for (let i = 0; i < 2; i++) countDecision(tenant, 'paytrace-export', 'invoice_id', 'arcash.invno', 'rejected');
    const warm = suggestForRecord(sourceTree(payTrace), 'cash_receipt', { format: 'paytrace-export', fields: ['invno'], priors: { tenant } });
    const confidence = (list: typeof cold) => list[0].candidates.find((c) => c.path === 'invoice_id')?.confidence ?? 0;
    expect(confidence(warm)).toBeLessThan(confidence(cold));
  });

  it('names the column a record field writes', () => {
    expect(targetColumn('cash_receipt', 'paidamt')).toBe('arcash.paidamt');
    expect(targetColumn('cash_receipt', 'nope')).toBeUndefined();
  });
});
