/**
 * Source paths of field mappings ('customer.email', 'lines[0].sku', 'lines[].sku'), parsed once when
 * a mapping is saved and turned into an accessor: a chain of closures, one per step, so an event is
 * read without looking at the path text again.
 *
 * Meaning, deliberately plainer than JSONata's: a name reads an own property of an object (never of
 * an array, never an inherited one such as `constructor`), `[n]` an array element, `[]` every
 * element (an array of what the rest of the path reads from each, `undefined` where an element has
 * none; a further `[]` flattens one level). Anything missing on the way reads as `undefined`.
 */
export type PathStep = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'each' };
export type Accessor = (source: unknown) => unknown;

export type ParsedPath = { ok: true; steps: PathStep[] } | { ok: false; message: string; position: number };

const NAME = /[A-Za-z0-9_$-]/;

/** 'lines[0].sku' → key lines, index 0, key sku; an error names the 0-based position of the bad character. */
export function parsePath(path: string): ParsedPath {
  const steps: PathStep[] = [];
  let at = 0;
  const fail = (message: string) => ({ ok: false as const, message, position: at });
  const name = () => {
    const start = at;
    while (at < path.length && NAME.test(path[at])) at++;
    return path.slice(start, at);
  };
  const first = name();
  if (!first) return fail('a path starts with a field name (letters, digits, _, $ or -)');
  steps.push({ kind: 'key', key: first });
  while (at < path.length) {
    if (path[at] === '.') {
      at++;
      const key = name();
      if (!key) return fail('a field name after "."');
      steps.push({ kind: 'key', key });
    } else if (path[at] === '[') {
      at++;
      const start = at;
      while (at < path.length && path[at] >= '0' && path[at] <= '9') at++;
      const digits = path.slice(start, at);
      if (path[at] !== ']') return fail('"[]" or "[n]" with n a whole number');
      if (digits.length > 9) return fail('an index below 1000000000');
      at++;
      steps.push(digits ? { kind: 'index', index: Number(digits) } : { kind: 'each' });
    } else {
      return fail(`"." or "[" instead of ${JSON.stringify(path[at])}`);
    }
  }
  return { ok: true, steps };
}

/** The accessor for parsed steps. */
export function compileSteps(steps: readonly PathStep[]): Accessor {
  let read: Accessor = (value) => value;
  for (let i = steps.length - 1; i >= 0; i--) read = stepAccessor(steps[i], read, steps.slice(i + 1).some((step) => step.kind === 'each'));
  return read;
}

function stepAccessor(step: PathStep, next: Accessor, flatten: boolean): Accessor {
  switch (step.kind) {
    case 'key': {
      const { key } = step;
      return (value) => (isRecord(value) && Object.hasOwn(value, key) ? next(value[key]) : undefined);
    }
    case 'index': {
      const { index } = step;
      return (value) => (Array.isArray(value) && index < value.length ? next(value[index]) : undefined);
    }
    case 'each':
      if (!flatten) return (value) => (Array.isArray(value) ? value.map(next) : undefined);
      return (value) => (Array.isArray(value) ? value.flatMap((element) => (next(element) as unknown[] | undefined) ?? []) : undefined);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The steps as a path again ('lines[].sku'). */
export function pathText(steps: readonly PathStep[]): string {
  return steps.map((step, i) => (step.kind === 'key' ? `${i ? '.' : ''}${step.key}` : step.kind === 'index' ? `[${step.index}]` : '[]')).join('');
}
