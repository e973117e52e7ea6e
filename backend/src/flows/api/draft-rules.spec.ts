import { describe, expect, it } from 'vitest';
import { defaultFlowDefinition } from '../definition/default-flows.js';
import { MAX_DRAFT_BYTES, readDraft } from './draft-rules.js';

describe('readDraft', () => {
  it('keeps a draft that is incomplete or wrong in content, as it is', () => {
    const draft = { kind: 'payment_sync', steps: [{ id: 'trigger', type: 'trigger' }, { id: 'x', type: 'teleport', config: { anything: 1 } }], note: 'kept' };
    expect(readDraft(draft, 'payment_sync')).toEqual({ ok: true, draft });
    const whole = defaultFlowDefinition('order_to_cash');
    expect(readDraft(whole, 'order_to_cash')).toEqual({ ok: true, draft: whole });
  });

  it('refuses what is no flow at all, naming where', () => {
    expect(readDraft('hello', 'payment_sync')).toMatchObject({ ok: false, field: 'definition' });
    expect(readDraft({ kind: 'payment_sync' }, 'payment_sync')).toMatchObject({ ok: false, field: 'definition.steps' });
    expect(readDraft({ kind: 'payment_sync', steps: [{ id: 'a' }] }, 'payment_sync')).toMatchObject({ ok: false, field: 'definition.steps.0.type' });
  });

  it("keeps the flow's kind", () => {
    expect(readDraft(defaultFlowDefinition('order_to_cash'), 'payment_sync')).toMatchObject({ ok: false, field: 'definition.kind' });
  });

  it('bounds the size', () => {
    const huge = { kind: 'payment_sync', steps: [{ id: 'a', type: 'filter', config: { condition: 'x'.repeat(MAX_DRAFT_BYTES) } }] };
    expect(readDraft(huge, 'payment_sync')).toMatchObject({ ok: false, field: 'definition', message: expect.stringContaining('KB') });
  });
});
