import { Global, Module } from '@nestjs/common';
import { BUILT_IN_SANDBOXES } from '../platform/built-in-sandboxes.js';
import { SandboxService } from './sandbox.service.js';

/** The built-in PayTrace (and later Sage Pro) sandboxes the demo tenant and one-click connections use. */
@Global()
@Module({
  providers: [SandboxService, { provide: BUILT_IN_SANDBOXES, useExisting: SandboxService }],
  exports: [SandboxService, BUILT_IN_SANDBOXES],
})
export class SandboxModule {}
