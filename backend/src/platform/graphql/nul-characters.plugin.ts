import type { ApolloServerPlugin } from '@apollo/server';
import { type ArgumentNode, type DocumentNode, Kind, type ObjectFieldNode, visit } from 'graphql';
import { InvalidInput } from '../errors.js';

const NUL = '\u0000';

/**
 * PostgreSQL stores no NUL character, so a string argument holding one would fail deep in a write
 * as an internal error. It is refused up front instead, as BAD_USER_INPUT naming the field, whether
 * it came in a variable or written into the query ("\u0000").
 */
export function nulCharacterPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = fieldWithNul(request.variables ?? {}) ?? argumentWithNul(document);
          if (field) throw new InvalidInput(field, 'must not contain a NUL character (U+0000)');
        },
      };
    },
  };
}

/** The key of the first string holding a NUL in a variables object, at any depth; else null. */
export function fieldWithNul(value: unknown, key = ''): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? key : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = fieldWithNul(item, key);
      if (found !== null) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [name, member] of Object.entries(value)) {
    const found = fieldWithNul(member, name);
    if (found !== null) return found;
  }
  return null;
}

/** The name of the first argument or input field whose string literal holds a NUL; else null. */
export function argumentWithNul(document: DocumentNode): string | null {
  let found: string | null = null;
  const check = (node: ArgumentNode | ObjectFieldNode) => {
    if (found === null && node.value.kind === Kind.STRING && node.value.value.includes(NUL)) found = node.name.value;
  };
  visit(document, { [Kind.ARGUMENT]: check, [Kind.OBJECT_FIELD]: check });
  return found;
}
