import { Injectable } from '@nestjs/common';
import { Issuer } from './issuer';

/**
 * One Issuer per issuer URL for the whole process: every plugin and listener naming the same issuer
 * shares its discovery, keys and token caches, and they survive plugin reconfiguration.
 */
@Injectable()
export class IssuerRegistry {
  private readonly issuers = new Map<string, Issuer>();

  get(url: string): Issuer {
    let issuer = this.issuers.get(url);
    if (!issuer) {
      issuer = new Issuer(url);
      this.issuers.set(url, issuer);
    }
    return issuer;
  }
}
