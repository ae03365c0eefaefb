import { Module } from '@nestjs/common';
import { AuditRetention } from './audit-retention';
import { AuditRepository } from './audit.repository';

/** The audit log's store (written by the listeners' audit trail, read by GET /audit) and its retention. */
@Module({
  providers: [AuditRepository, AuditRetention],
  exports: [AuditRepository],
})
export class AuditModule {}
