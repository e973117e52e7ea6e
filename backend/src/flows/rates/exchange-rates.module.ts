import { Module } from '@nestjs/common';
import { MonitoringModule } from '../../monitoring/monitoring.module.js';
import { ExchangeRatesResolver } from './exchange-rates.resolver.js';
import { ExchangeRates } from './exchange-rates.service.js';

/** Each tenant's dated exchange-rate table; the pipeline reads it through ExchangeRates.tableFor. */
@Module({
  imports: [MonitoringModule],
  providers: [ExchangeRates, ExchangeRatesResolver],
  exports: [ExchangeRates],
})
export class ExchangeRatesModule {}
