import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { textProblem, unstorableText } from './nul-characters.plugin.js';

const fieldOf = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => unstorableText(parse(query), variables, operationName)?.field ?? null;

describe('textProblem', () => {
  it('names a NUL and a lone surrogate, and lets paired surrogates through', () => {
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('a\uD800b')).toMatch(/surrogate/);
    expect(textProblem('\uDC00')).toMatch(/surrogate/);
    expect(textProblem('card 💳')).toBeNull();
    expect(textProblem('\\u0000 written out')).toBeNull();
  });
});

describe('unstorableText', () => {
  it('names the input field a variable fills, not the variable', () => {
    expect(fieldOf('mutation($n: String!) { updateTenant(input: { name: $n }) { id } }', { n: 'A\u0000' })).toBe('name');
    expect(fieldOf('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }', { i: { companyName: 'X\uD800', email: 'a@b.test' } })).toBe('companyName');
  });

  it('names nested fields by their path, list indexes included', () => {
    const query = 'mutation($i: OrderInput!) { placeOrder(input: $i) { id } }';
    expect(fieldOf(query, { i: { name: 'ok', lines: [{ sku: 'A' }, { sku: 'B\u0000' }] } })).toBe('lines.1.sku');
    expect(fieldOf('mutation { createAlertChannel(input: { name: "ok", config: { url: "x" }, tags: ["a", "\\u0000"] }) { id } }')).toBe('tags.1');
    expect(fieldOf('mutation($c: JSON) { createAlertChannel(input: { name: "x", config: $c }) { id } }', { c: { headers: { 'X-\uDFFF': 'v' } } })).toBe('config.headers.X-\uDFFF');
  });

  it('names a scalar argument by its own name, written in the query or passed in a variable', () => {
    expect(fieldOf('query { events(search: "\\u0000") { id } }')).toBe('search');
    expect(fieldOf('query($s: String) { events(search: $s) { id } }', { s: '\uD83D' })).toBe('search');
    expect(fieldOf('mutation { updateTenant(input: { name: "A\\u0000B" }) { id } }')).toBe('name');
  });

  it('answers null when every string can be stored, or the bad one is in an unused variable or another operation', () => {
    expect(fieldOf('mutation($n: String!) { updateTenant(input: { name: $n }) { id } }', { n: 'Acme 💳', unused: '\u0000' })).toBeNull();
    expect(fieldOf('mutation { updateTenant(input: { name: "A\\\\u0000B" }) { id } }')).toBeNull();
    const two = 'query Good { tenant { id } } query Bad { events(search: "\\u0000") { id } }';
    expect(fieldOf(two, {}, 'Good')).toBeNull();
    expect(fieldOf(two, {}, 'Bad')).toBe('search');
  });
});
