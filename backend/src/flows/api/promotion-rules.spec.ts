import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, type EnvironmentName } from '../definition/flow-definition.js';
import { approvalVerdict, type DeploymentRecord, promotionVerdict, type PromotionFacts, rollbackVerdict } from './promotion-rules.js';

const v = (n: number) => ({ versionId: `v${n}`, versionNumber: n });
const ran = (environment: EnvironmentName, n: number): DeploymentRecord => ({ environment, ...v(n) });

function facts(overrides: Partial<PromotionFacts>): PromotionFacts {
  return { ...v(1), target: 'dev', history: [], deployedThere: null, problems: [], prodNeedsApproval: false, ...overrides };
}

describe('promotionVerdict', () => {
  it('deploys any published version to dev', () => {
    expect(promotionVerdict(facts({ target: 'dev' }))).toEqual({ kind: 'deploy' });
  });

  it('takes a version to qa only after dev, and to prod only after qa', () => {
    expect(promotionVerdict(facts({ target: 'qa' }))).toMatchObject({ kind: 'refused', field: 'environment', message: expect.stringContaining('deployed in dev') });
    expect(promotionVerdict(facts({ target: 'qa', history: [ran('dev', 1)] }))).toEqual({ kind: 'deploy' });
    expect(promotionVerdict(facts({ target: 'prod', history: [ran('dev', 1)] }))).toMatchObject({ kind: 'refused', message: expect.stringContaining('deployed in qa') });
    // Another version having been in qa does not count.
    expect(promotionVerdict(facts({ target: 'prod', history: [ran('dev', 1), ran('qa', 2)] }))).toMatchObject({ kind: 'refused' });
    expect(promotionVerdict(facts({ target: 'prod', history: [ran('dev', 1), ran('qa', 1)] }))).toEqual({ kind: 'deploy' });
  });

  it('a version that was in qa and rolled back there still may go to prod ("is or was")', () => {
    const history = [ran('dev', 1), ran('qa', 1), ran('dev', 2), ran('qa', 2), ran('qa', 1)];
    expect(promotionVerdict(facts({ ...v(2), target: 'prod', history }))).toEqual({ kind: 'deploy' });
  });

  it('refuses a version that no longer passes the checks, wherever it would go', () => {
    for (const target of ENVIRONMENTS) {
      const verdict = promotionVerdict(facts({ target, history: [ran('dev', 1), ran('qa', 1)], problems: [{ path: 'steps[2].config.glRules[0].account', message: '9999 is not an account' }] }));
      expect(verdict).toMatchObject({ kind: 'refused', field: 'versionId', message: expect.stringContaining('steps[2].config.glRules[0].account') });
    }
  });

  it('asks for approval for prod only when the tenant wants it', () => {
    const history = [ran('dev', 1), ran('qa', 1)];
    expect(promotionVerdict(facts({ target: 'prod', history, prodNeedsApproval: true }))).toEqual({ kind: 'request_approval' });
    expect(promotionVerdict(facts({ target: 'qa', history, prodNeedsApproval: true }))).toEqual({ kind: 'deploy' });
  });

  it('a version already running there is left as it is', () => {
    expect(promotionVerdict(facts({ target: 'dev', deployedThere: 'v1', history: [ran('dev', 1)] }))).toEqual({ kind: 'already_deployed' });
  });

  it('whatever is asked in whatever order, no version reaches qa without dev nor prod without qa', () => {
    const request = fc.record({ n: fc.integer({ min: 1, max: 4 }), target: fc.constantFrom(...ENVIRONMENTS) });
    fc.assert(
      fc.property(fc.array(request, { maxLength: 40 }), (requests) => {
        const history: DeploymentRecord[] = [];
        const running: Partial<Record<EnvironmentName, string>> = {};
        for (const { n, target } of requests) {
          const verdict = promotionVerdict(facts({ ...v(n), target, history, deployedThere: running[target] ?? null }));
          if (verdict.kind !== 'deploy') continue;
          const needs = target === 'qa' ? 'dev' : target === 'prod' ? 'qa' : null;
          if (needs) expect(history.some((entry) => entry.environment === needs && entry.versionNumber === n)).toBe(true);
          history.push(ran(target, n));
          running[target] = `v${n}`;
        }
      }),
    );
  });
});

describe('approvalVerdict', () => {
  const pending = { status: 'pending' as const, requestedBy: 'ann', approverUserId: 'bob', decision: 'approve' as const };

  it('another person approves a pending request', () => {
    expect(approvalVerdict(pending)).toEqual({ ok: true });
  });

  it('the person who asked cannot approve, but may withdraw', () => {
    expect(approvalVerdict({ ...pending, approverUserId: 'ann' })).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(approvalVerdict({ ...pending, approverUserId: 'ann', decision: 'reject' })).toEqual({ ok: true });
  });

  it('an API key decides nothing, and a decided request is a conflict', () => {
    expect(approvalVerdict({ ...pending, approverUserId: undefined })).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(approvalVerdict({ ...pending, status: 'approved' })).toMatchObject({ ok: false, kind: 'conflict', message: expect.stringContaining('approved') });
  });
});

describe('rollbackVerdict', () => {
  const history = [ran('dev', 1), ran('dev', 2), ran('dev', 3), ran('qa', 2)];

  it('goes back to the previous version that ran there, one step at a time, then to the default', () => {
    expect(rollbackVerdict({ environment: 'dev', current: v(3), history })).toEqual({ ok: true, ...v(2) });
    expect(rollbackVerdict({ environment: 'dev', current: v(2), history })).toEqual({ ok: true, ...v(1) });
    expect(rollbackVerdict({ environment: 'dev', current: v(1), history })).toEqual({ ok: true, versionId: null, versionNumber: 0 });
    expect(rollbackVerdict({ environment: 'qa', current: v(2), history })).toEqual({ ok: true, versionId: null, versionNumber: 0 });
  });

  it('with nothing deployed there is nothing to roll back', () => {
    expect(rollbackVerdict({ environment: 'prod', current: null, history })).toMatchObject({ ok: false, field: 'environment' });
  });

  it('a named version must have run there and not be running now', () => {
    expect(rollbackVerdict({ environment: 'dev', current: v(3), history, named: v(1) })).toEqual({ ok: true, ...v(1) });
    expect(rollbackVerdict({ environment: 'qa', current: v(2), history, named: v(1) })).toMatchObject({ ok: false, field: 'versionId', message: expect.stringContaining('never ran in qa') });
    expect(rollbackVerdict({ environment: 'dev', current: v(3), history, named: v(3) })).toMatchObject({ ok: false, field: 'versionId' });
  });
});
