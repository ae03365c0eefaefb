import { Inject, Injectable } from '@nestjs/common';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { Issuer } from './issuer';

/**
 * One Issuer per issuer URL for the whole process: every plugin and listener naming the same issuer
 * shares its discovery, keys and token caches, and they survive plugin reconfiguration.
 */
@Injectable()
export class IssuerRegistry {
  private readonly issuers = new Map<string, Issuer>();

  constructor(@Inject(PORTICO_CONFIG) private readonly config: PorticoConfig) {}

  get(url: string): Issuer {
    let issuer = this.issuers.get(url);
    if (!issuer) {
      issuer = new Issuer(url, { keyStores: { unknownKidRefetchIntervalMs: this.config.jwksRefetchIntervalMs } });
      this.issuers.set(url, issuer);
    }
    return issuer;
  }
}
