/**
 * The queue board lists every queue of the typed job map, so a queue added there is on the board
 * without touching it: read through bull-board's own API, as the platform administrator's browser does.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PLATFORM_ADMIN_EMAIL, seed } from '../../backend/src/platform/database/seed.js';
import { QUEUE_NAMES } from '../../backend/src/platform/queue/jobs.js';
import { startTestApp, type TestApp } from '../support/app.js';

const ADMIN_PASSWORD = 'queue-board-admin-password';

let t: TestApp;
let adminToken: string;

beforeAll(async () => {
  t = await startTestApp();
  await seed(t.db.adminUrl, ADMIN_PASSWORD);
  const login = await t.gql('mutation LogIn($input: LogInInput!) { logIn(input: $input) { accessToken } }', {
    input: { email: PLATFORM_ADMIN_EMAIL, password: ADMIN_PASSWORD },
  });
  expect(login.body.errors).toBeUndefined();
  adminToken = login.body.data.logIn.accessToken;
});
afterAll(() => t?.close());

it('shows every queue of the job map to a platform administrator', async () => {
  expect(QUEUE_NAMES).toEqual(expect.arrayContaining(['mail', 'paytrace-feed', 'pipeline', 'alerts', 'retention']));
  const api = await t.http.get('/admin/queues/api/queues').set('authorization', `Bearer ${adminToken}`);
  expect(api.status).toBe(200);
  const listed = (api.body.queues as { name: string }[]).map((queue) => queue.name);
  expect([...listed].sort()).toEqual([...QUEUE_NAMES].sort());
});
