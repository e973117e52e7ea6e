/**
 * What operators rely on: Prometheus metrics for HTTP, GraphQL, the database pool and the queues, and
 * the queue board at /admin/queues, which only platform administrators may open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ADMIN_EMAIL, seed } from '../../backend/src/platform/database/seed.js';
import { startTestApp, type TestApp } from '../support/app.js';

const ADMIN_PASSWORD = 'operations-admin-password';
const LOG_IN = 'mutation LogIn($input: LogInInput!) { logIn(input: $input) { accessToken me { isPlatformAdmin } } }';

describe('operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  describe('/metrics', () => {
    it('exposes HTTP, GraphQL, database pool and queue metrics in Prometheus text format', async () => {
      expect((await t.http.get('/healthz')).status).toBe(200);
      const gql = await t.gql('query MetricsProbe { __typename }');
      expect(gql.body.data).toEqual({ __typename: 'Query' });

      const response = await t.http.get('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      const text = response.text;
      for (const [name, type] of [
        ['settle_http_request_duration_seconds', 'histogram'],
        ['settle_graphql_operations_total', 'counter'],
        ['settle_db_pool_connections', 'gauge'],
        ['settle_queue_jobs', 'gauge'],
      ]) {
        expect(text, `# TYPE ${name} ${type}`).toMatch(new RegExp(`^# TYPE ${name} ${type}$`, 'm'));
      }
      // Samples, not just declarations: the requests above were counted, the pool and the queues reported.
      expect(text).toMatch(/^settle_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/m);
      expect(text).toMatch(/^settle_graphql_operations_total\{operation="MetricsProbe",type="query",outcome="ok"\} 1$/m);
      expect(text).toMatch(/^settle_db_pool_connections\{state="total"\} \d+$/m);
      expect(text).toMatch(/^settle_queue_jobs\{queue="mail",state="waiting"\} \d+$/m);
      // Default process metrics carry the same prefix.
      expect(text).toMatch(/^settle_process_cpu_user_seconds_total /m);
    });
  });

  describe('/admin/queues', () => {
    let ownerToken: string;
    let adminToken: string;
    let adminCookie: string;

    beforeAll(async () => {
      const signUp = await t.gql(
        'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { accessToken } }',
        { input: { companyName: 'Ops Owner Co', email: 'owner@operations.test', password: 'owner-password-1' } },
      );
      ownerToken = signUp.body.data.signUp.accessToken;

      await seed(t.db.adminUrl, ADMIN_PASSWORD);
      const login = await t.gql(LOG_IN, { input: { email: PLATFORM_ADMIN_EMAIL, password: ADMIN_PASSWORD } });
      expect(login.body.errors).toBeUndefined();
      expect(login.body.data.logIn.me.isPlatformAdmin).toBe(true);
      adminToken = login.body.data.logIn.accessToken;
      const setCookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
      adminCookie = setCookie.find((c) => c.startsWith('settle_refresh='))!.split(';')[0];
    });

    it('is 403 without credentials', async () => {
      const response = await t.http.get('/admin/queues');
      expect(response.status).toBe(403);
      expect(response.text).not.toContain('mail');
      expect((await t.http.get('/admin/queues/api/queues')).status).toBe(403);
    });

    it("is 403 for a tenant owner's token and for a bad token", async () => {
      expect((await t.http.get('/admin/queues').set('authorization', `Bearer ${ownerToken}`)).status).toBe(403);
      expect((await t.http.get('/admin/queues/api/queues').set('authorization', `Bearer ${ownerToken}`)).status).toBe(403);
      expect((await t.http.get('/admin/queues').set('authorization', 'Bearer nonsense')).status).toBe(403);
    });

    it('is 200 for the seeded platform admin, by access token or by the browser refresh cookie', async () => {
      const page = await t.http.get('/admin/queues').set('authorization', `Bearer ${adminToken}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await t.http.get('/admin/queues/api/queues').set('authorization', `Bearer ${adminToken}`);
      expect(api.status).toBe(200);
      expect(JSON.stringify(api.body)).toContain('mail');
      expect((await t.http.get('/admin/queues').set('cookie', adminCookie)).status).toBe(200);
    });
  });
});
