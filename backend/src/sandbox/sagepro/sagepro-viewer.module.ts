import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../../connections/connections.module.js';
import { SageProViewerResolver } from './sagepro-viewer.resolver.js';

/** The sandbox company's viewer (sageProSandboxView): a sandbox feature, so it lives with the sandbox. */
@Module({ imports: [ConnectionsModule], providers: [SageProViewerResolver] })
export class SageProSandboxViewerModule {}
