import { Inject, Injectable } from '@nestjs/common';
import type { BlockList } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readCookie, serializeCookie } from '../common/cookies';
import { SessionSealer } from '../common/session-sealer';
import { SessionSecret } from '../database/session-secret';
import { cameOverHttps, trustedProxiesOf } from '../common/trusted-proxies';
import { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { nowSeconds } from '../database/kong-entity';
import type { DeveloperEntity } from '../applications/developer.entity';
import { openPortalSession, PORTAL_SESSION_PURPOSE, PortalSession, sealPortalSession } from './portal-session-codec';

export const PORTAL_SESSION_COOKIE = 'portico_portal_session';
const SESSION_TTL_SECONDS = 24 * 3600;

/** Issues and reads the portal's session cookie: HttpOnly, SameSite=Lax, sealed with a key of its own. */
@Injectable()
export class PortalSessionService {
  private sealer: SessionSealer | null = null;
  private readonly trustedProxies: BlockList;

  constructor(
    @Inject(PORTICO_CONFIG) config: PorticoConfig,
    private readonly secret: SessionSecret,
  ) {
    this.trustedProxies = trustedProxiesOf(config);
  }

  async issue(reply: FastifyReply, request: FastifyRequest, developer: DeveloperEntity): Promise<void> {
    const cookie = sealPortalSession(await this.sessionSealer(), {
      developerId: developer.id,
      generation: developer.session_generation,
      expiresAt: nowSeconds() + SESSION_TTL_SECONDS,
    });
    void reply.header('set-cookie', this.cookie(request, cookie, SESSION_TTL_SECONDS));
  }

  clear(reply: FastifyReply, request: FastifyRequest): void {
    void reply.header('set-cookie', this.cookie(request, '', 0));
  }

  /** The session the request's cookie carries, or null (absent, forged, tampered with, expired). */
  async read(request: FastifyRequest): Promise<PortalSession | null> {
    const value = readCookie(request.headers.cookie, PORTAL_SESSION_COOKIE);
    return value ? openPortalSession(await this.sessionSealer(), value, nowSeconds()) : null;
  }

  private cookie(request: FastifyRequest, value: string, maxAge: number): string {
    return serializeCookie(PORTAL_SESSION_COOKIE, value, { maxAge, httpOnly: true, sameSite: 'Lax', secure: cameOverHttps(request.raw, this.trustedProxies) });
  }

  private async sessionSealer(): Promise<SessionSealer> {
    this.sealer ??= new SessionSealer(await this.secret.get(), PORTAL_SESSION_PURPOSE);
    return this.sealer;
  }
}
