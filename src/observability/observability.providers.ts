import type { Type } from '@nestjs/common';
import { AuditRetention } from '../audit/audit-retention';
import { DatabaseHealth } from './database-health';
import { RequestObserver } from './request-observer';

/** Process-wide services of SPEC §9, shared by every listener. */
export const OBSERVABILITY_SERVICES: Type[] = [RequestObserver, DatabaseHealth, AuditRetention];
