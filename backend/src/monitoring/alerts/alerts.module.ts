import { Module } from '@nestjs/common';

/** Alert rules and channels per tenant; grouped alerts delivered by email and signed webhook. */
@Module({
  providers: [],
  exports: [],
})
export class AlertsModule {}
