import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSteps, parsePath, pathText, type PathStep } from './source-path.js';

function accessor(path: string) {
  const parsed = parsePath(path);
  if (!parsed.ok) throw new Error(parsed.message);
  return compileSteps(parsed.steps);
}

/** The reference: reads the path text afresh on every call, one token at a time. */
function naiveRead(path: string, source: unknown): unknown {
  const tokens = path.match(/[^.[\]]+|\[\d*\]/g) ?? [];
  const walk = (value: unknown, i: number): unknown => {
    if (i === tokens.length) return value;
    const token = tokens[i];
    if (token === '[]') {
      if (!Array.isArray(value)) return undefined;
      const mapped = value.map((element) => walk(element, i + 1));
      return tokens.slice(i + 1).includes('[]') ? mapped.flatMap((inner) => (inner as unknown[] | undefined) ?? []) : mapped;
    }
    if (token.startsWith('[')) {
      const index = Number(token.slice(1, -1));
      return Array.isArray(value) && index < value.length ? walk(value[index], i + 1) : undefined;
    }
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return isObject && Object.prototype.hasOwnProperty.call(value, token) ? walk((value as Record<string, unknown>)[token], i + 1) : undefined;
  };
  return walk(source, 0);
}

const KEYS = ['a', 'b', 'lines', 'sku', 'constructor', 'toString', 'length'];
const key = fc.constantFrom(...KEYS);
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(key, tie('json'), { maxKeys: 5 }),
  ),
}));
const step: fc.Arbitrary<PathStep> = fc.oneof(
  key.map((k) => ({ kind: 'key' as const, key: k })),
  fc.integer({ min: 0, max: 4 }).map((index) => ({ kind: 'index' as const, index })),
  fc.constant({ kind: 'each' as const }),
);
const path = fc.tuple(key, fc.array(step, { maxLength: 5 })).map(([first, rest]) => pathText([{ kind: 'key', key: first }, ...rest]));

describe('source paths', () => {
  it('read what a naive reading of the path text reads, on any JSON', () => {
    fc.assert(
      fc.property(json, path, (source, text) => {
        expect(accessor(text)(source)).toEqual(naiveRead(text, source));
      }),
      { numRuns: 2000 },
    );
  });

  it('parse back to the same text', () => {
    fc.assert(
      fc.property(path, (text) => {
        const parsed = parsePath(text);
        expect(parsed.ok && pathText(parsed.steps)).toBe(text);
      }),
    );
  });

  it('read nested fields, elements and every element', () => {
    const order = { customer: { email: 'a@b.example' }, lines: [{ sku: 'A', tags: ['x', 'y'] }, { sku: 'B', tags: [] }, { title: 'no sku' }] };
    expect(accessor('customer.email')(order)).toBe('a@b.example');
    expect(accessor('lines[1].sku')(order)).toBe('B');
    expect(accessor('lines[3].sku')(order)).toBeUndefined();
    expect(accessor('lines[].sku')(order)).toEqual(['A', 'B', undefined]);
    expect(accessor('lines[].tags[]')(order)).toEqual(['x', 'y']);
    expect(accessor('customer.phone.area')(order)).toBeUndefined();
  });

  it('never read inherited properties or an array’s own length', () => {
    expect(accessor('constructor')({})).toBeUndefined();
    expect(accessor('a.toString')({ a: {} })).toBeUndefined();
    expect(accessor('lines.length')({ lines: [1, 2] })).toBeUndefined();
  });

  it('name the position of what does not parse', () => {
    expect(parsePath('customer..email')).toEqual({ ok: false, message: 'a field name after "."', position: 9 });
    expect(parsePath('lines[x].sku')).toMatchObject({ ok: false, position: 6 });
    expect(parsePath('lines[0')).toMatchObject({ ok: false, position: 7 });
    expect(parsePath('[0].sku')).toMatchObject({ ok: false, position: 0 });
    expect(parsePath('a b')).toMatchObject({ ok: false, position: 1 });
    expect(parsePath('a.')).toMatchObject({ ok: false, position: 2 });
  });
});
