import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { IssuerRegistry } from './issuer-registry';
import { JwtAccessTokenStrategy } from './jwt-access-token.passport-strategy';
import { SessionCipher } from './session-cipher';

/**
 * Token validation and sessions: the issuers (with their key stores, verified-token caches and
 * grants), the passport JWT strategy and the session cipher. One of each per process.
 */
@Module({
  imports: [DatabaseModule],
  providers: [IssuerRegistry, SessionCipher, JwtAccessTokenStrategy],
  exports: [IssuerRegistry, SessionCipher, JwtAccessTokenStrategy],
})
export class IdentityModule {}
