import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { SharedInstancesModule } from '../common/shared-instances.module';
import { ObservabilityModule } from './observability.module';
import { OperatingController } from './operating.controller';

/** The status listener (PORTICO_STATUS_LISTEN): /status and /metrics, nothing else, no authentication. */
@Module({})
export class StatusAppModule {
  static with(core: INestApplicationContext): DynamicModule {
    return { module: StatusAppModule, imports: [SharedInstancesModule.from(core, [ObservabilityModule])], controllers: [OperatingController] };
  }
}
