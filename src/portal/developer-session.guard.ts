import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Errors } from '../common/http-errors';
import { ApplicationErrors } from '../applications/application.errors';
import { DevelopersRepository } from '../applications/developers.repository';
import { Status } from '../applications/status';
import { attachDeveloper } from './current-developer';
import { IS_PUBLIC } from '../web/public.decorator';
import { PortalSessionService } from './portal-session.service';

/**
 * Global on the portal listener: every route needs a logged-in, approved developer unless it is
 * marked @Public(). The developer is re-read on every request, so a revoked developer or a logout
 * (a newer session generation) ends the session at once.
 */
@Injectable()
export class DeveloperSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: PortalSessionService,
    private readonly developers: DevelopersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const session = await this.sessions.read(request);
    const developer = session && (await this.developers.getById(session.developerId));
    if (!developer || developer.session_generation !== session!.generation) throw Errors.unauthorized('portal_no_session');
    if (developer.status !== Status.APPROVED) throw ApplicationErrors.developerNotApproved(developer.status);
    attachDeveloper(request, developer);
    return true;
  }
}
