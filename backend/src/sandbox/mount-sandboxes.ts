import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { migratePayTraceSandbox, payTraceSandbox } from './paytrace/sandbox.plugin.js';
import { PAYTRACE_SANDBOX_PREFIX, SandboxService } from './sandbox.service.js';
// Sage Pro faults: the Sage Pro sandbox's admin API (network faults, locks, read-only companies).
import { SAGEPRO_SANDBOX_ADMIN_PREFIX, sageProAdminRoutes } from './sagepro/faults/admin.routes.js';

/** Serves the sandboxes from the app's own port (unless SANDBOXES=off). */
export async function mountSandboxes(app: NestFastifyApplication): Promise<void> {
  const sandboxes = app.get(SandboxService);
  if (!sandboxes.enabled) return;
  await migratePayTraceSandbox(sandboxes.pool);
  await app.register(payTraceSandbox, {
    prefix: PAYTRACE_SANDBOX_PREFIX,
    pool: sandboxes.pool,
    adminKey: sandboxes.config.sandboxAdminKey,
  });
  // Sage Pro faults: builds the sandbox on its first call, not here.
  await app.register(sageProAdminRoutes, {
    prefix: SAGEPRO_SANDBOX_ADMIN_PREFIX,
    // x-sandbox-tenant: <tenant id> addresses that tenant's sandbox company; without it, the shared one.
    sandbox: (request) => sandboxes.sageProSandbox(tenantHeader(request.headers['x-sandbox-tenant'])),
    adminKey: sandboxes.config.sandboxAdminKey,
  });
}

function tenantHeader(value: string | string[] | undefined): string | undefined {
  const tenant = Array.isArray(value) ? value[0] : value;
  return tenant && /^[0-9a-f-]{36}$/i.test(tenant) ? tenant : undefined;
}
