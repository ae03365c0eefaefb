import type { Type } from '@nestjs/common';
import { IssuerRegistry } from './issuer-registry';
import { JwtAccessTokenStrategy } from './jwt-access-token.passport-strategy';
import { SessionCipher } from './session-cipher';

/**
 * The identity module's process-wide singletons (issuers with their key and token caches, the session
 * cipher, the JWT strategy). Listed in core-services so every listener shares one of each.
 */
export const IDENTITY_SERVICES: Type[] = [IssuerRegistry, SessionCipher, JwtAccessTokenStrategy];
