import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ConsumerAclsRepository } from './consumer-acls.repository';
import { ConsumerDirectory } from './consumer-directory';
import { ConsumersRepository } from './consumers.repository';

/** Consumers and their ACL groups; the directory is the proxy path's cached lookup. */
@Module({
  imports: [DatabaseModule],
  providers: [ConsumersRepository, ConsumerAclsRepository, ConsumerDirectory],
  exports: [ConsumersRepository, ConsumerAclsRepository, ConsumerDirectory],
})
export class ConsumersModule {}
