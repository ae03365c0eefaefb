import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { formatListen, type PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { PluginRegistry } from '../plugins/plugin-registry';
import { version } from '../../package.json';

/** The Kong Admin API level Portico speaks; Kong's clients (decK) read `version` to choose their formats. */
export const KONG_API_VERSION = '3.4.0';

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
        status_listen: listen('status'),
      },
    };
  }
}
