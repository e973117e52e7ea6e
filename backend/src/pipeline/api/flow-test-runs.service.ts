import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FlowPreviewService } from '../../flows/preview/flow-preview.service.js';
import type { FlowSampleInput } from '../../flows/preview/flow-preview.types.js';
import type { EnvironmentName } from '../../flows/definition/flow-definition.js';
import { AuditService } from '../../monitoring/audit/audit.service.js';
import { TenantContext } from '../../platform/database/tenant-context.js';
import { InvalidInput } from '../../platform/errors.js';
import { InboxService } from '../inbox/inbox.service.js';

/**
 * A test run: the sample goes through the environment's real (sandbox) connections as one more event
 * of its pair, run by the version deployed there, and its timeline shows what happened. Only dev and
 * qa: a sample never reaches production books. A generated example gets a transaction id of its own,
 * so that two runs are two payments, not a redelivery.
 */
@Injectable()
export class FlowTestRuns {
  constructor(
    private readonly previews: FlowPreviewService,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
  ) {}

  async run(environment: EnvironmentName, sample: FlowSampleInput): Promise<string> {
    if (environment === 'prod') throw new InvalidInput('environment', 'test runs go to dev or qa, never to production books');
    const read = await this.previews.readSample(sample);
    const event = sample.example ? { ...read, transactionId: String(randomInt(100_000_000, 999_999_999)) } : read;
    const pair = await this.previews.firstPairIn(environment);
    if (!pair) throw new InvalidInput('environment', `${environment} has no enabled integration pair to run the sample through`);
    const tenantId = TenantContext.actor().tenantId!;
    const externalId = `test-run:${randomUUID()}`;
    const { accepted } = await this.inbox.accept(tenantId, [{ source: 'settle', externalId, integrationId: pair.id, event, payload: { testRun: true, environment, event } }]);
    await this.audit.record({ action: 'flow.test_run', targetType: 'sync_event', targetId: accepted[0], details: { environment, type: event.type, integrationId: pair.id } });
    return accepted[0];
  }
}
