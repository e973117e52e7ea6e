import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { migratePayTraceSandbox, payTraceSandbox } from './paytrace/sandbox.plugin.js';
import { PAYTRACE_SANDBOX_PREFIX, SandboxService } from './sandbox.service.js';

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
}
