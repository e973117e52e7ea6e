import { BadRequestException } from '@nestjs/common';
import type { ConstructorAction, FastifyBodyParser, FastifyInstance, ProtoAction } from 'fastify';

/**
 * How deep JSON may nest before it is parsed. Real payloads (orders, events, GraphQL variables) nest
 * a handful of levels; thousands of levels only exhaust a recursive parser, walker or jsonb's stack
 * further on, as an internal error a sender would retry forever. So deeper text is refused up front.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests objects and arrays deeper than `maxDepth`, by one pass over the raw text
 * (brackets inside strings do not count), before anything parses it. Malformed text is the parser's
 * business: this only answers the depth question.
 */
export function nestsDeeperThan(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/**
 * Fastify's JSON body parser (GraphQL and every other JSON route) behind a depth check, for Nest's
 * `app.useBodyParser('application/json', …)`: a body nested deeper than `maxDepth` is a 400 before
 * anything parses or walks it, instead of a 500 from a stack overflow further on. Routes with their
 * own parsers (the webhook route takes raw bytes and checks depth itself) are not affected.
 */
export function depthCheckedJsonParser(fastify: FastifyInstance, maxDepth: number = MAX_JSON_DEPTH): FastifyBodyParser<Buffer> {
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig as { onProtoPoisoning?: ProtoAction; onConstructorPoisoning?: ConstructorAction };
  const parse = fastify.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');
  return (request, body, done) => {
    const text = body.toString('utf8');
    if (nestsDeeperThan(text, maxDepth)) return done(new BadRequestException(`the JSON body nests objects and arrays more than ${maxDepth} levels deep`), undefined);
    return parse(request, text, done);
  };
}
