import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../proxy-context';
import { RouteTableService } from '../route-table';
import { locateRoute } from './locate-route';

/** Stage `match_route`: the route for the request's method, host and path, from the current route table (or a 400/404/414). */
@Injectable()
export class MatchRouteGuard implements CanActivate {
  constructor(private readonly routeTable: RouteTableService) {}

  canActivate(context: ExecutionContext): boolean {
    locateRoute(contextOf(context.switchToHttp().getRequest<FastifyRequest>().raw), this.routeTable.current);
    return true;
  }
}
