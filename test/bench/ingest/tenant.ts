/**
 * A tenant wired for the benchmarks through the public GraphQL API, as a customer would: sign-up, a
 * sandbox Sage Pro connection (tested, which installs the tenant's sandbox company), an integration,
 * and a `settle_events` webhook endpoint whose secret is shown this once.
 */
export interface BenchTenant {
  token: string;
  tenantId: string;
  sageProConnectionId: string;
  integrationId: string;
  endpoint: { id: string; url: string; path: string; secret: string };
}

export async function gql<T = any>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL ${query.slice(0, 60)}…: ${response.status} ${JSON.stringify(body.errors)}`);
  return body.data;
}

export async function setUpTenant(baseUrl: string, company: string): Promise<BenchTenant> {
  const slug = company.toLowerCase().replace(/[^a-z0-9]/g, '');
  const signUp = await gql(baseUrl, 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken me { tenant { id } } } }', {
    i: { companyName: company, email: `ops@${slug}.test`, password: `${slug}-bench-pass-1` },
  });
  const token = signUp.signUp.accessToken as string;
  const tenantId = signUp.signUp.me.tenant.id as string;
  const call = <T = any>(query: string, variables?: Record<string, unknown>) => gql<T>(baseUrl, query, variables, token);
  const sageProConnectionId = (await call('mutation { createSageProConnection(input: { edition: sandbox }) { id } }')).createSageProConnection.id as string;
  const tested = await call('mutation($id: ID!) { testSageProConnection(id: $id) { status } }', { id: sageProConnectionId });
  if (tested.testSageProConnection.status !== 'ok') throw new Error(`The sandbox Sage Pro connection answered ${JSON.stringify(tested)}`);
  const integrationId = (await call('mutation($i: CreateIntegrationInput!) { createIntegration(input: $i) { id } }', { i: { name: `${company} sync`, sageProConnectionId } })).createIntegration.id as string;
  const created = (
    await call('mutation($i: ID!) { createWebhookEndpoint(input: { integrationId: $i, format: settle_events, name: "Bench sender" }) { secret url endpoint { id } } }', { i: integrationId })
  ).createWebhookEndpoint;
  return { token, tenantId, sageProConnectionId, integrationId, endpoint: { id: created.endpoint.id, url: created.url, path: new URL(created.url).pathname, secret: created.secret } };
}
