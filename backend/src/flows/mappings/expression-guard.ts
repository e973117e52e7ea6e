/**
 * Bounds on a mapping's JSONata expressions, so a tenant's expression cannot stall the pipeline.
 * JSONata 2.2 checks a time limit and a depth limit on every evaluation step and a size limit on
 * every sequence it builds (its `timeout`, `stack` and `sequence` options), so `[1..10000000]`,
 * a loop and a runaway recursion all end in an error. What those checks cannot stop is one native
 * call that takes long by itself: a regular expression with nested unbounded repetition
 * (`/(a+)+$/`) backtracks exponentially inside RegExp.exec. JSONata has no way to build a regular
 * expression at run time, so every one is a literal of the expression and is checked when saved.
 */
import jsonata from 'jsonata';

export interface ExpressionLimits {
  /** Milliseconds one evaluation may take. */
  timeoutMs: number;
  /** Nested evaluation steps (recursion depth). */
  depth: number;
  /** Items of any one sequence (array) an expression builds. */
  sequenceItems: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { timeoutMs: 100, depth: 300, sequenceItems: 100_000 };

export function jsonataOptions(limits: ExpressionLimits): jsonata.JsonataOptions {
  return { timeout: limits.timeoutMs, stack: limits.depth, sequence: limits.sequenceItems };
}

/**
 * A JSONata expression compiled with the limits, or why it cannot be: JSONata's syntax error (code,
 * message, position) or an unsafe regular expression. Also for a flow's filter condition.
 */
export function compileExpression(
  text: string,
  limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
): { ok: true; expression: jsonata.Expression } | { ok: false; message: string; position?: number } {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(text, jsonataOptions(limits));
  } catch (error) {
    const { message, position } = jsonataError(error);
    return { ok: false, message: `expression error${position === undefined ? '' : ` at position ${position}`}: ${message}`, ...(position === undefined ? {} : { position }) };
  }
  const unsafe = unsafeRegex(expression.ast());
  if (unsafe) {
    const message = `the regular expression ${unsafe.pattern} repeats a repetition and could run for hours; rewrite it without nesting + or *`;
    return { ok: false, message, ...(unsafe.position === undefined ? {} : { position: unsafe.position }) };
  }
  return { ok: true, expression };
}

/** JSONata throws plain objects ({code, position, token, message}); Errors elsewhere. */
export function jsonataError(error: unknown): { message: string; code?: string; position?: number } {
  if (typeof error === 'object' && error !== null) {
    const { message, code, position } = error as { message?: unknown; code?: unknown; position?: unknown };
    return {
      message: `${typeof code === 'string' ? `${code} ` : ''}${typeof message === 'string' ? message : String(error)}`,
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof position === 'number' ? { position } : {}),
    };
  }
  return { message: String(error) };
}

/** The first regular expression of the AST that could backtrack exponentially, with its position. */
export function unsafeRegex(ast: unknown): { pattern: string; position?: number } | undefined {
  const seen = new Set<unknown>();
  const visit = (node: unknown): { pattern: string; position?: number } | undefined => {
    if (typeof node !== 'object' || node === null || seen.has(node) || node instanceof RegExp) return undefined;
    seen.add(node);
    const { type, value, position } = node as { type?: unknown; value?: unknown; position?: unknown };
    if (type === 'regex' && value instanceof RegExp && hasNestedRepetition(value.source)) {
      return { pattern: `/${value.source}/`, ...(typeof position === 'number' ? { position } : {}) };
    }
    for (const child of Object.values(node)) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  return visit(ast);
}

/**
 * Whether a group that repeats without bound contains something that repeats without bound
 * ('(a+)+', '(?:\\d*x)*', '(a{2,})+'): the shape of catastrophic backtracking. Repetition up to 9
 * times ('?', '{2}', '{1,3}') counts as bounded; '{1,10}' and more as unbounded. A '+' inside a class
 * ('[a+]*') is a character. Overlapping alternatives ('(a|a)*') are not caught.
 */
export function hasNestedRepetition(source: string): boolean {
  const groups: boolean[] = [false];
  let i = 0;
  const unboundedAt = (at: number): number => {
    const c = source[at];
    if (c === '*' || c === '+') return 1;
    if (c !== '{') return 0;
    const close = source.indexOf('}', at);
    const body = close < 0 ? '' : source.slice(at + 1, close);
    return /^\d+,\d*$/.test(body) && (body.endsWith(',') || Number(body.split(',')[1]) >= 10) ? close - at + 1 : 0;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      groups.push(false);
      i++;
    } else if (c === ')' && groups.length > 1) {
      const inner = groups.pop() as boolean;
      i++;
      const repeated = unboundedAt(i) > 0;
      if (repeated && inner) return true;
      groups[groups.length - 1] ||= inner || repeated;
    } else {
      const width = unboundedAt(i);
      if (width) groups[groups.length - 1] = true;
      i += width || 1;
    }
  }
  return false;
}
