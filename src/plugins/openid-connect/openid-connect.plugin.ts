import { Inject, Injectable } from '@nestjs/common';
import type { BlockList } from 'node:net';
import { PorticoConfig } from '../../config/portico-config';
import { trustedProxiesOf } from '../../common/trusted-proxies';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { PORTICO_CONFIG } from '../../config/config.token';
import { IssuerRegistry } from '../../identity/issuer-registry';
import { JwtAccessTokenStrategy } from '../../identity/jwt-access-token.passport-strategy';
import { SessionCipher } from '../../identity/session-cipher';
import type { PluginDefinition, PluginFactoryContext, PluginInstance, PluginScope } from '../plugin-definition';
import { OPENID_CONNECT, OPENID_CONNECT_PRIORITY, OpenIdConnectHandler } from './openid-connect.handler';
import { OpenIdConnectConfig, OpenIdConnectConfigSchema, validateOpenIdConnectConfig } from './openid-connect.schema';

/** `openid-connect` (SPEC §3.1): tokens from any OAuth2/OIDC identity provider, on a service or a route. */
@Injectable()
export class OpenIdConnectPlugin implements PluginDefinition<OpenIdConnectConfig> {
  readonly name = OPENID_CONNECT;
  readonly priority = OPENID_CONNECT_PRIORITY;
  readonly scopes: readonly PluginScope[] = ['service', 'route'];
  readonly configSchema = OpenIdConnectConfigSchema;
  private readonly trustedProxies: BlockList;

  constructor(
    private readonly issuers: IssuerRegistry,
    private readonly consumers: ConsumerDirectory,
    private readonly sessions: SessionCipher,
    private readonly jwtStrategy: JwtAccessTokenStrategy,
    @Inject(PORTICO_CONFIG) config: PorticoConfig,
  ) {
    this.trustedProxies = trustedProxiesOf(config);
  }

  validateConfig(config: OpenIdConnectConfig): Record<string, string> | null {
    return validateOpenIdConnectConfig(config);
  }

  create(config: OpenIdConnectConfig, context: PluginFactoryContext): PluginInstance {
    return new OpenIdConnectHandler(config, context, {
      issuers: this.issuers,
      consumers: this.consumers,
      sessions: this.sessions,
      jwtStrategy: this.jwtStrategy,
      trustedProxies: this.trustedProxies,
    });
  }
}
