import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, type ValueNode, visit } from 'graphql';
import { LONE_SURROGATE } from '../database/storable-json.js';
import { InvalidInput } from '../errors.js';

const NUL = /\u0000/;

export interface UnstorableText {
  /** The input field, as validation errors name it: `companyName`, `lines.1.sku`, or the argument, `search`. */
  field: string;
  message: string;
}

/**
 * PostgreSQL stores no NUL character, and no lone UTF-16 surrogate (half of a pair, "\ud800", which
 * is not a character at all) in jsonb, so a string argument holding one would fail deep in a write
 * as an internal error. It is refused up front instead, before any resolver runs, as HTTP 400 with
 * BAD_USER_INPUT naming the input field (not the variable that carried it), whether it came in a
 * variable or was written into the query. One place for every operation, rather than a check per
 * resolver.
 */
export function nulCharacterPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          const found = unstorableText(document, request.variables ?? {}, operationName ?? undefined);
          if (found) throw asBadRequest(new InvalidInput(found.field, found.message));
        },
      };
    },
  };
}

/** The problem with a string, or null when PostgreSQL can store it. */
export function textProblem(text: string): string | null {
  if (NUL.test(text)) return 'must not contain a NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain half of a UTF-16 surrogate pair (e.g. \\ud800 alone): it is not a character';
  return null;
}

/**
 * The first argument value of the operation (`operationName`, or the only one) holding a string
 * PostgreSQL cannot store, written in the query or passed in a variable, named by its path below the
 * argument: `updateTenant(input: { name: $n })` names `name`, not `input` or `n`. Fragments count too.
 */
export function unstorableText(document: DocumentNode, variables: Record<string, unknown>, operationName?: string): UnstorableText | null {
  let found: UnstorableText | null = null;
  const check = (text: string, path: readonly (string | number)[]) => {
    const message = found === null ? textProblem(text) : null;
    if (message) found = { field: path.join('.'), message };
  };
  const walkJson = (value: unknown, path: readonly (string | number)[]): void => {
    if (found) return;
    if (typeof value === 'string') return check(value, path);
    if (Array.isArray(value)) return value.forEach((item, index) => walkJson(item, [...path, index]));
    if (value === null || typeof value !== 'object') return;
    for (const [key, member] of Object.entries(value)) {
      check(key, [...path, key]);
      walkJson(member, [...path, key]);
    }
  };
  const walkValue = (node: ValueNode, path: readonly (string | number)[]): void => {
    if (found) return;
    if (node.kind === Kind.STRING) return check(node.value, path);
    if (node.kind === Kind.VARIABLE) return walkJson(variables[node.name.value], path);
    if (node.kind === Kind.LIST) return node.values.forEach((item, index) => walkValue(item, [...path, index]));
    if (node.kind === Kind.OBJECT) for (const field of node.fields) walkValue(field.value, [...path, field.name.value]);
  };
  visit(document, {
    [Kind.OPERATION_DEFINITION]: (operation) => (operationName && operation.name?.value !== operationName ? false : undefined),
    [Kind.ARGUMENT]: (argument) => {
      // An input object's fields are named without its argument, as validation names them.
      const below = argument.value.kind === Kind.OBJECT || (argument.value.kind === Kind.VARIABLE && isObject(variables[argument.value.name.value]));
      const path = below ? [] : [argument.name.value];
      walkValue(argument.value, path);
      if (found && !found.field) found.field = argument.name.value;
    },
  });
  return found;
}

const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Apollo answers an error thrown before execution with HTTP 500 unless it names its status: bad
 * input is the caller's, 400.
 */
function asBadRequest(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
}
