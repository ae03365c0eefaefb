import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { logger } from '../common/logger';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { AuditRepository } from './audit.repository';

const HOUR_MS = 60 * 60 * 1000;

/** PORTICO_AUDIT_RETENTION_DAYS: older audit entries are deleted at start-up and every hour. */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly audit: AuditRepository,
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
  ) {}

  async onApplicationBootstrap() {
    await this.purge();
    this.timer = setInterval(() => void this.purge(), HOUR_MS);
    this.timer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }

  async purge(now = Date.now()): Promise<void> {
    const cutoff = Math.floor(now / 1000) - this.config.auditRetentionDays * 24 * 60 * 60;
    try {
      await this.audit.deleteOlderThan(cutoff);
    } catch (err) {
      logger().warn({ err }, 'could not purge old audit entries');
    }
  }
}
