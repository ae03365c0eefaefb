import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { JWT_ACCESS_TOKEN_OPTIONS } from './jwt-access-token.strategy';
import type { Claims } from './token-claims';

/**
 * The JWT strategy as the identity module's Nest provider (registered with passport as
 * `portico-jwt`). Each openid-connect plugin's verifier runs it per token through runStrategy, not
 * through an AuthGuard: the plugin, not a controller, decides which issuer's keys a request needs.
 */
@Injectable()
export class JwtAccessTokenStrategy extends PassportStrategy(Strategy, 'portico-jwt') {
  constructor() {
    super(JWT_ACCESS_TOKEN_OPTIONS);
  }

  validate(_req: unknown, payload: Claims): Claims {
    return payload;
  }
}
