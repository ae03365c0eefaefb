import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { formatListen, type PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../core/config.token';
import { Errors } from '../common/http-errors';
import { PluginRegistry } from '../plugins/plugin-registry';
import { DocRead } from './admin-docs';
import { version } from '../../package.json';

@ApiTags('information')
@Controller()
export class AdminRootController {
  constructor(
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
    private readonly plugins: PluginRegistry,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Version and (secret-free) configuration of this node' })
  info() {
    const { listeners, databaseDisplay, portalAppAuth, portalAutoApprove, logLevel, trustedIps } = this.config;
    const listen = (name: keyof typeof listeners) => (listeners[name] ? formatListen(listeners[name]!) : 'off');
    return {
      version,
      tagline: 'Welcome to Portico',
      plugins: { available_on_server: this.plugins.names() },
      configuration: {
        database: this.config.database.type,
        database_url: databaseDisplay,
        portal_app_auth: portalAppAuth,
        portal_auto_approve: portalAutoApprove,
        log_level: logLevel,
        trusted_ips: trustedIps,
        admin_token_required: this.config.adminToken !== null,
        proxy_listen: listen('proxy'),
        admin_listen: listen('admin'),
        portal_listen: listen('portal'),
        status_listen: listen('status'),
      },
    };
  }

  @Get('schemas/plugins/:name')
  @DocRead("A plugin's config schema (JSON Schema, with descriptions and defaults)")
  schema(@Param('name') name: string) {
    const definition = this.plugins.get(name);
    if (!definition) throw Errors.notFound();
    return { name, scopes: definition.scopes, priority: definition.priority, config: definition.configSchema };
  }
}
