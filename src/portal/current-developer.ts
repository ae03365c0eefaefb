import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { DeveloperEntity } from '../applications/developer.entity';

const DEVELOPER = Symbol('portico.developer');

export function attachDeveloper(request: FastifyRequest, developer: DeveloperEntity): void {
  (request as FastifyRequest & { [DEVELOPER]?: DeveloperEntity })[DEVELOPER] = developer;
}

/** The developer the session guard attached, if any (for the audit log). */
export function attachedDeveloper(request: FastifyRequest): DeveloperEntity | undefined {
  return (request as FastifyRequest & { [DEVELOPER]?: DeveloperEntity })[DEVELOPER];
}

/** The logged-in developer the session guard attached to the request. */
export const CurrentDeveloper = createParamDecorator((_data: unknown, context: ExecutionContext): DeveloperEntity => {
  const developer = (context.switchToHttp().getRequest<FastifyRequest>() as FastifyRequest & { [DEVELOPER]?: DeveloperEntity })[DEVELOPER];
  // Only reachable on a route marked @Public() that still asks for a developer: a programming error.
  if (!developer) throw new Error('CurrentDeveloper used on a route without a developer session');
  return developer;
});
