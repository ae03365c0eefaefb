import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BlockList } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { readCookie, serializeCookie } from '../../common/cookies';
import { SessionSealer } from '../../common/session-sealer';
import { SessionSecret } from '../../database/session-secret';
import { cameOverHttps, trustedProxiesOf } from '../../common/trusted-proxies';
import { PorticoConfig } from '../../config/portico-config';
import { PORTICO_CONFIG } from '../../config/config.token';
import { nowSeconds } from '../../database/kong-entity';
import { isPublicRoute } from '../../web/public-page.decorator';
import { ADMIN_SESSION_PURPOSE, openAdminSession, sealAdminSession, tokenFingerprint } from './admin-session-codec';

export const ADMIN_SESSION_COOKIE = 'portico_admin_session';
const SESSION_TTL_SECONDS = 8 * 3600;
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The browser side of PORTICO_ADMIN_TOKEN: /manager trades the token for a sealed cookie (HttpOnly,
 * SameSite=Strict) that the admin token hook accepts in place of the header, so /manager's API calls,
 * /docs and /docs-json open in a browser. Cross-origin writes are refused separately
 * (refuseCrossOriginWrites), since another port of this host is the same site.
 */
@Injectable()
export class AdminBrowserSessions implements OnModuleInit {
  private sealer: SessionSealer | null = null;
  private readonly token: string | null;
  private readonly trustedProxies: BlockList;

  constructor(
    @Inject(PORTICO_CONFIG) config: PorticoConfig,
    private readonly secret: SessionSecret,
  ) {
    this.token = config.adminToken;
    this.trustedProxies = trustedProxiesOf(config);
  }

  /** Loads the key before the listener opens, so the token hook checks cookies without waiting. */
  async onModuleInit(): Promise<void> {
    if (this.token) this.sealer = new SessionSealer(await this.secret.get(), ADMIN_SESSION_PURPOSE);
  }

  get required(): boolean {
    return this.token !== null;
  }

  /** Constant-time whatever the lengths: both sides are hashed first. */
  tokenMatches(candidate: string): boolean {
    return this.token !== null && timingSafeEqual(digest(candidate), digest(this.token));
  }

  /** What the admin token hook lets through without the header: the public pages, and a browser session. */
  admits(request: FastifyRequest): boolean {
    if (isPublicRoute(request.routeOptions?.config)) return true;
    const cookie = readCookie(request.headers.cookie, ADMIN_SESSION_COOKIE);
    return Boolean(cookie && this.sealer && this.token && openAdminSession(this.sealer, cookie, tokenFingerprint(this.token), nowSeconds()));
  }

  /** The Set-Cookie value of a new session. */
  issue(request: FastifyRequest): string {
    const value = sealAdminSession(this.sealer!, tokenFingerprint(this.token!), nowSeconds() + SESSION_TTL_SECONDS);
    return this.cookie(request, value, SESSION_TTL_SECONDS);
  }

  clear(request: FastifyRequest): string {
    return this.cookie(request, '', 0);
  }

  private cookie(request: FastifyRequest, value: string, maxAge: number): string {
    return serializeCookie(ADMIN_SESSION_COOKIE, value, { maxAge, httpOnly: true, sameSite: 'Strict', secure: cameOverHttps(request.raw, this.trustedProxies) });
  }
}
