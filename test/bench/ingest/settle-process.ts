/**
 * The Settle process of a benchmark: the whole application as `createSettleApp` builds it (as the
 * test harness starts it), on the infrastructure the parent opened, listening on BENCH_PORT.
 * BENCH_ROLE chooses what it runs: `api` (no queue workers: ingest only), `all` (API and workers, as
 * `npm start`), or `worker`. BENCH_INSTRUMENT names a module whose `instrument(app)` wraps methods with
 * timers (profile passes only); its `report()` answers the parent's `report` request.
 *
 * Requests from the parent:
 * - `accept` { tenantId, integrationId, deliveries: [{ id, body }] }: the deliveries normalised exactly
 *   as the webhook route normalises them (settle_events), then InboxService.accept in one call.
 * - `now`: this process's monotonic clock in µs (a CPU profile's timestamps), to mark a window.
 * - `reset` / `report`: clears / answers the instrumentation's figures.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createSettleApp } from '../../../backend/src/app.factory.js';
import { InboxService } from '../../../backend/src/pipeline/inbox/inbox.service.js';
import { loadConfig } from '../../../backend/src/platform/config/config.js';
import type { ProcessRole } from '../../../backend/src/platform/tokens.js';
import { normaliseSettleEvent } from '../../../backend/src/webhooks/formats/settle-events.js';
import { serveParent } from './processes.js';
import { prepareSandboxes } from '../../../backend/src/sandbox/provision.js';
import { ensureSandboxRole } from '../../../backend/src/platform/database/migrator.js';

export interface Instrumentation {
  reset(): void | Promise<void>;
  report(): unknown;
}

export async function main(): Promise<void> {
  const env = process.env;
  const role = (env.BENCH_ROLE ?? 'all') as ProcessRole;
  const config = loadConfig(env);
  // The start step's part for the sandboxes (the connector's login role, whose password derives from
  // the sandboxes' URL): without it the sandbox company refuses its first connection.
  await ensureSandboxRole(env.BENCH_ADMIN_URL!, env.DATABASE_APP_PASSWORD!);
  await prepareSandboxes({ adminDatabaseUrl: env.BENCH_ADMIN_URL!, sandboxDatabaseUrl: env.BENCH_ADMIN_URL!, sageProDatabase: env.SAGEPRO_SANDBOX_DATABASE! });
  let instrumentation: Instrumentation | undefined;
  const app: NestFastifyApplication = await createSettleApp({
    config,
    // The benchmark's sandboxes run as its superuser: it measures throughput, not privileges.
    infrastructure: { appDatabaseUrl: env.DATABASE_APP_URL!, sandboxDatabaseUrl: env.BENCH_ADMIN_URL!, redisUrl: env.REDIS_URL!, stop: async () => undefined },
    role,
  });
  if (env.BENCH_INSTRUMENT) {
    const { instrument } = (await import(env.BENCH_INSTRUMENT)) as { instrument(app: NestFastifyApplication): Instrumentation };
    instrumentation = instrument(app);
  }
  await app.listen({ port: config.PORT, host: '127.0.0.1' });
  const inbox = app.get(InboxService);

  serveParent(async (message) => {
    switch (message.type) {
      case 'accept': {
        const entries = (message.deliveries as { id: string; body: string }[]).map(({ id, body }) => {
          const normalised = normaliseSettleEvent(JSON.parse(body), id);
          if (!normalised.ok) throw new Error(`delivery ${id}: ${normalised.field} ${normalised.message}`);
          const payload = JSON.parse(body);
          return { source: normalised.source, externalId: normalised.externalId, integrationId: message.integrationId as string, event: normalised.event, payload, correlationId: normalised.correlationId };
        });
        const result = await inbox.accept(message.tenantId as string, entries);
        return { accepted: result.accepted.length, duplicates: result.duplicates };
      }
      case 'now':
        // CLOCK_MONOTONIC µs, the clock of a --cpu-prof profile: marks a window of the run.
        return Number(process.hrtime.bigint() / 1000n);
      case 'reset':
        await instrumentation?.reset();
        return null;
      case 'report':
        return (await instrumentation?.report()) ?? null;
      default:
        throw new Error(`unknown request ${message.type}`);
    }
  }, () => app.close());
  process.send!({ type: 'ready', port: config.PORT });
}
