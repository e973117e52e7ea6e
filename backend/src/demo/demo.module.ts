import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module.js';
import { AlertsModule } from '../monitoring/alerts/alerts.module.js';
import { PayTraceModule } from '../paytrace/paytrace.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { DemoMerchants } from './demo-merchant.service.js';
import { DemoSetup } from './demo-setup.service.js';
import { DemoShopController } from './demo-shop.controller.js';
import { DEMO_TRAFFIC_OPTIONS, DemoTraffic } from './demo-traffic.service.js';
import { DEFAULT_DEMO_TRAFFIC } from './traffic-plan.js';

/**
 * The sandbox demo tenant: wired at start (both sandboxes, an integration, a Shopify endpoint,
 * alerts), kept busy by a gentle traffic generator, and a shop page whose invoices are paid at the
 * PayTrace sandbox checkout. DEMO=off turns all of it off; see README.md.
 */
@Module({
  imports: [ConnectionsModule, PayTraceModule, WebhooksModule, AlertsModule],
  controllers: [DemoShopController],
  providers: [{ provide: DEMO_TRAFFIC_OPTIONS, useValue: DEFAULT_DEMO_TRAFFIC }, DemoMerchants, DemoTraffic, DemoSetup],
  exports: [DemoSetup, DemoTraffic],
})
export class DemoModule {}
