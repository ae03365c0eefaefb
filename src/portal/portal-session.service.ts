import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { BlockList } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PorticoConfig, trustedIpList } from '../config/portico-config';
import { PORTICO_CONFIG } from '../core/config.token';
import { SettingsRepository } from '../database/settings.repository';
import { nowSeconds } from '../database/kong-entity';
import type { DeveloperEntity } from '../applications/developer.entity';
import { deriveSessionKey, openSession, PortalSession, readCookie, sealSession } from './portal-session-codec';

export const PORTAL_SESSION_COOKIE = 'portico_portal_session';
const SESSION_TTL_SECONDS = 24 * 3600;
/** Shared with every node on the database (and with other cookie issuers, which derive their own keys). */
const SECRET_SETTING = 'session_secret';

/** Issues and reads the portal's session cookie: HttpOnly, SameSite=Lax, sealed with a key of its own. */
@Injectable()
export class PortalSessionService {
  private key: Promise<Buffer> | null = null;
  private readonly trustedProxies: BlockList;

  constructor(
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
    private readonly settings: SettingsRepository,
  ) {
    this.trustedProxies = trustedIpList(config.trustedIps);
  }

  async issue(reply: FastifyReply, request: FastifyRequest, developer: DeveloperEntity): Promise<void> {
    const cookie = sealSession(await this.sessionKey(), {
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
    return value ? openSession(await this.sessionKey(), value, nowSeconds()) : null;
  }

  private cookie(request: FastifyRequest, value: string, maxAge: number): string {
    const secure = this.cameOverHttps(request) ? '; Secure' : '';
    return `${PORTAL_SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
  }

  /** TLS on our socket, or a trusted proxy in front (PORTICO_TRUSTED_IPS) that terminated it. */
  private cameOverHttps(request: FastifyRequest): boolean {
    const socket = request.raw.socket;
    if ((socket as TLSSocket).encrypted) return true;
    const peer = socket.remoteAddress ?? '';
    const address = peer.startsWith('::ffff:') && peer.includes('.') ? peer.slice(7) : peer;
    const trusted = address !== '' && this.trustedProxies.check(address, address.includes(':') ? 'ipv6' : 'ipv4');
    return trusted && request.headers['x-forwarded-proto'] === 'https';
  }

  private sessionKey(): Promise<Buffer> {
    this.key ??= (
      this.config.sessionSecret
        ? Promise.resolve(this.config.sessionSecret)
        : this.settings.getOrCreate(SECRET_SETTING, () => randomBytes(32).toString('base64url'))
    ).then(deriveSessionKey);
    // A database hiccup on the first request must not be remembered for the life of the process.
    this.key.catch(() => (this.key = null));
    return this.key;
  }
}
