import { describe, expect, it } from 'vitest';
import { hasNestedRepetition } from './expression-guard.js';

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
