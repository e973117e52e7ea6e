import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkOperationCost, DEFAULT_COST_LIMITS, operationDepth, QueryTooCostly } from './query-cost.js';

const schema = buildSchema(`
  type Query {
    tenant: Tenant!
    me: Me!
    auditLog(first: Int, after: String): AuditEntryConnection!
    sageProSandboxView(limit: Int): [Row!]!
  }
  type Mutation { testPayTraceConnection(id: ID!): TestResult! }
  type TestResult { ok: Boolean! }
  type Tenant { id: ID! name: String! }
  type Me { id: ID! tenants: [TenantAccess!]! }
  type TenantAccess { role: String! tenant: Tenant! }
  type AuditEntryConnection { nodes: [AuditEntry!]! pageInfo: PageInfo! }
  type AuditEntry { id: ID! action: String! actor: Tenant }
  type PageInfo { endCursor: String hasNextPage: Boolean! }
  type Row { id: ID! }
`);

const costOf = (query: string, variables?: Record<string, unknown>) =>
  checkOperationCost(schema, parse(query), variables, undefined, DEFAULT_COST_LIMITS).cost;
const refusal = (query: string) => {
  try {
    costOf(query);
  } catch (error) {
    return error as QueryTooCostly;
  }
  throw new Error('not refused');
};
const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

describe('operation cost', () => {
  it('charges a root field, its object fields, and nothing for scalars', () => {
    expect(costOf('{ tenant { id name } }')).toBe(10);
    expect(costOf('{ me { id tenants { role tenant { id } } } }')).toBe(10 + 1 + 10 * 1); // an unpaged list counts 10 items
  });

  it('counts every alias', () => {
    expect(costOf(`{ ${aliases(3, 'tenant { id }')} }`)).toBe(30);
  });

  it('multiplies a page by its size: asked, from a variable, or the default of 50', () => {
    expect(costOf('{ auditLog(first: 100) { nodes { id actor { id } } pageInfo { hasNextPage } } }')).toBe(10 + 100 * (1 + 1 + 1));
    expect(costOf('query($n: Int) { auditLog(first: $n) { nodes { id } } }', { n: 20 })).toBe(10 + 20 * 1);
    expect(costOf('{ auditLog { nodes { id } } }')).toBe(10 + 50 * 1);
    expect(costOf('{ sageProSandboxView(limit: 5) { id } }')).toBe(100 + 5 * 1); // a row read costs 1, even of scalars
  });

  it('counts a page larger than any the server serves as its largest: the field itself refuses it, naming the argument', () => {
    expect(costOf('{ sageProSandboxView(limit: 5000) { id } }')).toBe(100 + 100 * 1);
    expect(costOf('{ auditLog(first: 100000) { nodes { id } } }')).toBe(10 + 100 * 1);
  });

  it('makes outbound fields expensive', () => {
    expect(costOf('mutation { testPayTraceConnection(id: "1") { ok } }')).toBe(200);
  });

  it('refuses 1,000 aliases of a database-backed field with QUERY_TOO_COSTLY and the figures', () => {
    const error = refusal(`{ ${aliases(1_000, 'tenant { id }')} }`);
    expect(error).toBeInstanceOf(QueryTooCostly);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 10_000, maxCost: 1_000, http: { status: 400 } });
    expect(error.message).toMatch(/costs 10000; at most 1000/);
  });

  it('refuses nested pages whose product is too large, and 200 connection tests', () => {
    expect(refusal('{ auditLog(first: 100) { nodes { id } } a: auditLog(first: 100) { nodes { id actor { id } } } b: auditLog(first:100) { nodes { actor { id } } } c: auditLog(first: 100) { nodes { actor { id } } } d: auditLog(first: 100) { nodes { actor { id } } } e: auditLog(first: 100) { nodes { actor { id } } } }').extensions.code).toBe('QUERY_TOO_COSTLY');
    expect(refusal(`mutation { ${aliases(200, 'testPayTraceConnection(id: "1") { ok }')} }`).extensions.cost).toBe(40_000);
  });

  it('refuses too many fields (scalars too) and too deep an operation before costing it', () => {
    expect(refusal(`{ tenant { ${aliases(2_600, 'id')} } }`).extensions).toMatchObject({ maxFields: 2_500 });
    const deep = `{ me { tenants { tenant { id } } } }`;
    expect(operationDepth(parse(deep))).toBe(4);
    const limits = { ...DEFAULT_COST_LIMITS, maxDepth: 3 };
    expect(() => checkOperationCost(schema, parse(deep), undefined, undefined, limits)).toThrow(/4 levels deep; at most 3/);
  });

  it('follows fragments once each when measuring depth (a fragment bomb stays cheap to measure)', () => {
    const bomb = ['fragment F0 on Tenant { id }']
      .concat(Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Tenant { ...F${i} ...F${i} }`))
      .join('\n');
    expect(operationDepth(parse(`{ tenant { ...F30 } } ${bomb}`))).toBe(2);
    expect(refusal(`{ tenant { ...F30 } } ${bomb}`).extensions.code).toBe('QUERY_TOO_COSTLY');
  });

  it('lets the standard introspection query through (it is served from memory)', () => {
    const measure = checkOperationCost(schema, parse(getIntrospectionQuery()), undefined, undefined, DEFAULT_COST_LIMITS);
    expect(measure.cost).toBe(0);
    expect(measure.depth).toBeLessThanOrEqual(DEFAULT_COST_LIMITS.maxDepth);
  });

  it('measures the operation named, not the others in the document', () => {
    const document = parse(`query Small { tenant { id } } query Big { ${aliases(500, 'tenant { id }')} }`);
    expect(checkOperationCost(schema, document, undefined, 'Small', DEFAULT_COST_LIMITS).cost).toBe(10);
  });
});
