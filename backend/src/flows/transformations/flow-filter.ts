/**
 * A filter step's condition: a JSONata expression over the event, compiled once per text (with the
 * mapping expressions' time, depth and size limits) and true when JSONata's $boolean says so.
 */
import type jsonata from 'jsonata';
import { compileExpression, jsonataError } from '../mappings/expression-guard.js';

const compiled = new Map<string, jsonata.Expression>();
/** Conditions are few per tenant; this bounds the cache all the same. */
const CACHED_CONDITIONS = 1_000;

/** Why a condition cannot run (its position when JSONata knows it), or null. */
export function checkCondition(condition: string): { message: string; position?: number } | null {
  const result = compileExpression(condition);
  return result.ok ? null : { message: result.message, ...(result.position === undefined ? {} : { position: result.position }) };
}

/** Whether the event passes; a condition that cannot run or fails throws, naming why. */
export async function conditionHolds(condition: string, event: unknown): Promise<boolean> {
  let expression = compiled.get(condition);
  if (!expression) {
    const result = compileExpression(condition);
    if (!result.ok) throw new Error(result.message);
    if (compiled.size >= CACHED_CONDITIONS) compiled.delete(compiled.keys().next().value!);
    compiled.set(condition, (expression = result.expression));
  }
  try {
    return truthy(await expression.evaluate(event));
  } catch (error) {
    throw new Error(`the condition failed: ${jsonataError(error).message}`);
  }
}

/** JSONata's $boolean: false for nothing, false, 0, '', an empty array or object, or an array of those. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.some(truthy);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
