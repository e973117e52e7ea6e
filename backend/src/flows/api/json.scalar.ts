import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from 'graphql';

/**
 * A JSON value as it is (object, array, string, number, boolean or null): a flow definition travels
 * whole, so the designer reads and saves the same document it draws.
 */
export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value: an object, array, string, number, boolean or null.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral(ast, variables) {
    if (ast.kind === Kind.ENUM) throw new GraphQLError('JSON cannot be an enum value; quote it');
    return valueFromASTUntyped(ast, variables);
  },
});
