import { describe, expect, it } from 'vitest';
import { alreadyPaired, heldEventsVerdict, integrationChangesRules, newIntegrationRules, payTraceConnectionConflict } from './integration.rules.js';

const sagePro = '6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const payTrace = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('integration rules', () => {
  it('fills the defaults a new integration needs', () => {
    expect(newIntegrationRules.parse({ name: ' Main ', sageProConnectionId: sagePro })).toEqual({
      name: 'Main',
      sageProConnectionId: sagePro,
      referenceField: 'invoice_id',
      unmatchedPolicy: 'manual_review',
      matchWindowDays: 7,
      orderLocation: 'MAIN',
      enabled: true,
      environment: 'prod',
    });
  });

  it('names the field that is wrong', () => {
    const pathOf = (input: object) => newIntegrationRules.safeParse({ name: 'x', sageProConnectionId: sagePro, ...input }).error?.issues[0].path;
    expect(pathOf({ sageProConnectionId: 'company-01' })).toEqual(['sageProConnectionId']);
    expect(pathOf({ payTraceConnectionId: '42' })).toEqual(['payTraceConnectionId']);
    expect(pathOf({ referenceField: 'order_id' })).toEqual(['referenceField']);
    expect(pathOf({ matchWindowDays: 91 })).toEqual(['matchWindowDays']);
    expect(pathOf({ orderLocation: 'WAREHOUSE' })).toEqual(['orderLocation']);
    expect(pathOf({ name: '  ' })).toEqual(['name']);
    expect(newIntegrationRules.safeParse({ name: 'x', payTraceConnectionId: payTrace }).error?.issues[0].path).toEqual(['sageProConnectionId']);
  });

  it('changes only what is given', () => {
    expect(integrationChangesRules.parse({ enabled: false })).toEqual({ enabled: false });
    expect(integrationChangesRules.safeParse({ unmatchedPolicy: 'ignore' }).error?.issues[0].path).toEqual(['unmatchedPolicy']);
  });

  it('lets a PayTrace connection feed one integration only', () => {
    expect(payTraceConnectionConflict(null)).toBeNull();
    expect(payTraceConnectionConflict({ id: 'i-1', name: 'Main' }, 'i-1')).toBeNull();
    expect(payTraceConnectionConflict({ id: 'i-1', name: 'Main' })).toContain('"Main"');
    expect(payTraceConnectionConflict({ id: 'i-1', name: 'Main' }, 'i-2')).toContain('one integration only');
    expect(alreadyPaired()).toContain('another integration');
  });
});

describe('deleting with held events', () => {
  it('goes ahead when nothing is held, whatever the choice', () => {
    expect(heldEventsVerdict(0, undefined)).toEqual({ kind: 'delete' });
    expect(heldEventsVerdict(0, 'PROCESS_FIRST')).toEqual({ kind: 'delete' });
  });

  it('asks, with the count, when events are held and no choice was given', () => {
    const verdict = heldEventsVerdict(3, null);
    expect(verdict.kind).toBe('ask');
    expect(verdict.kind === 'ask' && verdict.message).toMatch(/^3 events are held .*PROCESS_FIRST.*DISCARD/);
    expect(heldEventsVerdict(1, undefined)).toMatchObject({ message: expect.stringMatching(/^1 event is held/) });
  });

  it('discards then deletes, or resumes instead of deleting, as chosen', () => {
    expect(heldEventsVerdict(2, 'DISCARD')).toEqual({ kind: 'discard_then_delete' });
    expect(heldEventsVerdict(2, 'PROCESS_FIRST')).toEqual({ kind: 'resume_instead' });
  });
});
