import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { PluginsModule } from '../plugins/plugins.module';
import { DeclarativeConfigService } from './declarative-config.service';

/** decK files: import (DB-less start, POST /config, the CLI) and export. */
@Module({
  imports: [DatabaseModule, PluginsModule],
  providers: [DeclarativeConfigService],
  exports: [DeclarativeConfigService],
})
export class DeclarativeModule {}
