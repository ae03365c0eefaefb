import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../core/config.token';
import { Errors } from '../common/http-errors';

/**
 * Global on the admin listener: with PORTICO_ADMIN_TOKEN set, every request (docs included) needs it.
 * Hashing both sides first makes the comparison constant-time whatever the lengths.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@Inject(PORTICO_CONFIG) config: PorticoConfig) {
    this.expected = config.adminToken ? digest(config.adminToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]), this.expected)) return true;
    throw Errors.unauthorized('admin_token');
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();
