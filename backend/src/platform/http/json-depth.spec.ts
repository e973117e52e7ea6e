import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan, depthCheckedJsonParser } from './json-depth.js';

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('nestsDeeperThan', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan(nested(5_000))).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
  });

  it('counts depth, not the number of objects side by side', () => {
    expect(nestsDeeperThan(`[${Array(10_000).fill('{}').join(',')}]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ note: '[[[[{{{{', quoted: 'say "[[[[" \\ [' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify(['\\', [[]]]), 2)).toBe(true);
  });

  it('leaves malformed text to the parser', () => {
    expect(nestsDeeperThan('not json', 1)).toBe(false);
    expect(nestsDeeperThan('[[[', 2)).toBe(true);
  });
});

describe('depthCheckedJsonParser', () => {
  it('answers 400 for a deeply nested JSON body and parses the rest as before', async () => {
    const app = Fastify();
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, depthCheckedJsonParser(app));
    app.post('/echo', async (request) => request.body);
    const post = (payload: string) => app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });
    expect((await post('{"a":[1,{"b":2}]}')).json()).toEqual({ a: [1, { b: 2 }] });
    const deep = await post(nested(5_000));
    expect(deep.statusCode).toBe(400);
    expect(deep.json().message).toMatch(/64 levels/);
    expect((await post('{"a":')).statusCode).toBe(400);
    expect((await post('{"__proto__":{"x":1}}')).statusCode).toBe(400);
    await app.close();
  });
});
