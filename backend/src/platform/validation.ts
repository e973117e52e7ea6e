import type { z } from 'zod';
import { InvalidInput } from './errors.js';

/**
 * Validates input with zod; the first problem becomes a BAD_USER_INPUT naming the field
 * (`fieldPrefix` names the argument when the schema describes a single value).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, fieldPrefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [fieldPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw new InvalidInput(path || 'input', fieldPrefix && !issue.path.length ? 'is not valid' : issue.message);
}
