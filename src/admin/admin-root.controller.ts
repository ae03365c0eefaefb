import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { formatListen, type PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../core/config.token';
import { JSON_CONTENT_TYPE } from '../common/http-errors';
import { PluginRegistry } from '../plugins/plugin-registry';
import { version } from '../../package.json';

/** The Kong Admin API level Portico speaks; Kong's clients (decK) read `version` to choose their formats. */
export const KONG_API_VERSION = '3.4.0';

@ApiTags('information')
@Controller()
export class AdminRootController {
  constructor(
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
    private readonly dataSource: DataSource,
    private readonly plugins: PluginRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Version and (secret-free) configuration of this node' })
  info() {
    const { listeners, databaseDisplay, portalAppAuth, portalAutoApprove, logLevel, trustedIps } = this.config;
    const listen = (name: keyof typeof listeners) => (listeners[name] ? formatListen(listeners[name]!) : 'off');
    return {
      version: KONG_API_VERSION,
      portico_version: version,
      tagline: 'Welcome to Portico',
      plugins: { available_on_server: this.plugins.names() },
      configuration: {
        database: this.config.declarativeConfig ? 'off' : this.config.database.type,
        database_url: databaseDisplay,
        portal_app_auth: portalAppAuth,
        portal_auto_approve: portalAutoApprove,
        log_level: logLevel,
        trusted_ips: trustedIps,
        admin_token_required: this.config.adminToken !== null,
        proxy_listen: listen('proxy'),
        admin_listen: listen('admin'),
        portal_listen: listen('portal'),
      },
    };
  }

  @Get('status')
  @ApiOperation({ summary: 'Health: 200 when the database answers, 503 when it does not' })
  async status(@Res() reply: FastifyReply) {
    const reachable = await this.dataSource
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    const memory = process.memoryUsage();
    void reply
      .status(reachable ? 200 : 503)
      .header('content-type', JSON_CONTENT_TYPE)
      .send(JSON.stringify({ database: { reachable }, memory: { rss_bytes: memory.rss, heap_used_bytes: memory.heapUsed } }));
  }
}
