import { Global, Module } from '@nestjs/common';
import { SandboxService } from './sandbox.service.js';

/** The built-in PayTrace (and later Sage Pro) sandboxes the demo tenant and one-click connections use. */
@Global()
@Module({ providers: [SandboxService], exports: [SandboxService] })
export class SandboxModule {}
