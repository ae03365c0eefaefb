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
import { parseBasicAuthorization } from '../common/basic-authorization';
import { validateBody } from '../common/request-body';
import { clientAddress, trustedProxiesOf } from '../common/trusted-proxies';
import { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { CurrentDeveloper } from './current-developer';
import { DocError, DocPortal, NOT_LOGGED_IN } from './portal-docs';
import { PortalSessionService } from './portal-session.service';
import { Public } from '../web/public.decorator';

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
    this.trustedProxies = trustedProxiesOf(config);
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
    // `Authorization: Basic base64(email:password)`.
    const credentials = parseBasicAuthorization(request.headers.authorization);
    if (!credentials) throw ApplicationErrors.invalidCredentials();
    const developer = await this.developers.authenticate(credentials.username, credentials.password, clientAddress(request.raw, this.trustedProxies));
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
