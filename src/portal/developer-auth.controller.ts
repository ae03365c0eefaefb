import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import type { BlockList } from 'node:net';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApplicationErrors } from '../applications/application.errors';
import { DeveloperRegisterSchema } from '../applications/application.schemas';
import { developerJson } from '../applications/application.views';
import type { DeveloperEntity } from '../applications/developer.entity';
import { DevelopersRepository } from '../applications/developers.repository';
import { DevelopersService } from '../applications/developers.service';
import { validateBody } from '../common/request-body';
import { clientAddress } from '../common/trusted-proxies';
import { PorticoConfig, trustedIpList } from '../config/portico-config';
import { PORTICO_CONFIG } from '../core/config.token';
import { CurrentDeveloper } from './current-developer';
import { DocError, DocPortal, NOT_LOGGED_IN } from './portal-docs';
import { PortalSessionService } from './portal-session.service';
import { Public } from './public.decorator';

/** `Authorization: Basic base64(email:password)`, or null when the header is anything else. */
function basicCredentials(header: string | undefined): { email: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { email: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}

@ApiTags('developers')
@Controller()
export class DeveloperAuthController {
  private readonly trustedProxies: BlockList;

  constructor(
    private readonly developers: DevelopersService,
    private readonly repository: DevelopersRepository,
    private readonly sessions: PortalSessionService,
    @Inject(PORTICO_CONFIG) config: PorticoConfig,
  ) {
    this.trustedProxies = trustedIpList(config.trustedIps);
  }

  @Post('register')
  @Public()
  @DocPortal('Register as a developer', {
    body: DeveloperRegisterSchema,
    status: 201,
    description: 'New developers are pending (status 1) until an administrator approves them, unless the portal auto-approves (status 0).',
  })
  @DocError(429, 'Too many registration attempts from this address (PORTICO_PORTAL_REGISTRATIONS_PER_MINUTE); see Retry-After.', {
    message: 'Too many registrations from this address; retry later',
  })
  async register(@Req() request: FastifyRequest, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    this.developers.admitRegistration(clientAddress(request.raw, this.trustedProxies));
    const input = validateBody<{ email: string; password: string; meta?: Record<string, unknown> | null }>(DeveloperRegisterSchema, body);
    return developerJson(await this.developers.register(input, audit));
  }

  @Get('auth')
  @Public()
  @ApiBasicAuth()
  @DocPortal('Log in', { description: 'Basic credentials (email:password) in, the developer and a session cookie (HttpOnly, SameSite=Lax) out.' })
  @DocError(401, 'Wrong credentials, or a developer who is not approved.', { message: 'Invalid authentication credentials' })
  @DocError(429, 'Too many failed attempts for this email from this address; see Retry-After.', { message: 'Too many failed login attempts; retry later' })
  async login(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials) throw ApplicationErrors.invalidCredentials();
    const developer = await this.developers.authenticate(credentials.email, credentials.password, clientAddress(request.raw, this.trustedProxies));
    await this.sessions.issue(reply, request, developer);
    return developerJson(developer);
  }

  @Delete('auth')
  @Public()
  @HttpCode(204)
  @DocPortal('Log out', { status: 204, description: "Ends every session of the cookie's developer, and clears the cookie." })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @RequestAudit() audit: AuditScope) {
    const session = await this.sessions.read(request);
    const developer = session && (await this.repository.getById(session.developerId));
    if (developer && developer.session_generation === session!.generation) await this.developers.logout(developer, audit);
    this.sessions.clear(reply, request);
  }

  @Get('developer')
  @DocPortal('The logged-in developer')
  @NOT_LOGGED_IN
  me(@CurrentDeveloper() developer: DeveloperEntity) {
    return developerJson(developer);
  }
}
