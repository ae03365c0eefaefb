import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ConfigurationVersionMetric } from './configuration-version';
import { DatabaseHealth } from './database-health';
import { RequestObserver } from './request-observer';

/** SPEC §9: request ids, metrics and the access log of proxied requests; the database's health. */
@Module({
  imports: [DatabaseModule],
  providers: [RequestObserver, DatabaseHealth, ConfigurationVersionMetric],
  exports: [RequestObserver, DatabaseHealth],
})
export class ObservabilityModule {}
