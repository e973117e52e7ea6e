import { describe, expect, it } from 'vitest';
import { compileExpression, hasNestedRepetition } from './expression-guard.js';

describe('hasNestedRepetition', () => {
  it('finds unbounded repetition inside unbounded repetition', () => {
    for (const source of ['(a+)+', '^(\\d+)+$', '(?:\\d*x)*', '(a{2,})+', '((ab)*c)+', '(x|y+)*', '([a-z]+)*', '(a{1,20})+', '(a+){2,}']) {
      expect(hasNestedRepetition(source), source).toBe(true);
    }
  });

  it('lets through single and bounded repetition, classes and escapes', () => {
    for (const source of ['^#(\\d+)$', 'INV-(\\d+)', '(ab)+', '(a?)+', '(a{1,3})+', '[a+]*', '\\(a+\\)+', '(a+)?', '(\\d{3})-(\\d{4})', '^\\s*(\\w+)\\s*$']) {
      expect(hasNestedRepetition(source), source).toBe(false);
    }
  });
});

describe('compileExpression', () => {
  it('compiles a filter condition that evaluates within the limits', async () => {
    const compiled = compileExpression('amountMinor >= 10000 and currency = "USD"');
    if (!compiled.ok) throw new Error(compiled.message);
    expect(await compiled.expression.evaluate({ amountMinor: 12_345, currency: 'USD' })).toBe(true);
    const looping = compileExpression('($f := function($n) { $f($n + 1) }; $f(0))', { timeoutMs: 20, depth: 300, sequenceItems: 1000 });
    if (!looping.ok) throw new Error(looping.message);
    await expect(looping.expression.evaluate({})).rejects.toMatchObject({ code: 'D1012' });
  });

  it('says where a syntax error is and refuses unsafe regular expressions', () => {
    expect(compileExpression('amountMinor >')).toEqual({ ok: false, message: 'expression error at position 13: S0207 Unexpected end of expression', position: 13 });
    expect(compileExpression('$contains(documentNumber, /(x+)*y/)')).toMatchObject({ ok: false, position: expect.any(Number) });
  });
});
