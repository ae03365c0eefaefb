import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Errors } from '../common/http-errors';
import { PageRequest, pageResponse, parsePageQuery } from '../common/pagination';
import { AuditQueryError, parseAuditFilter } from './audit-query';
import { AuditRepository } from './audit.repository';

const AuditFilters = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  for (const [name, description] of [
    ['size', 'Page size (default 100, max 1000).'],
    ['offset', 'Opaque cursor from the previous page.'],
    ['since', 'Only entries at or after this time (epoch seconds or ISO 8601).'],
    ['until', 'Only entries at or before this time (epoch seconds or ISO 8601).'],
    ['entity', 'Only changes to this kind of entity (services, routes, plugins, consumers, acls, developers, applications, application_instances).'],
    ['entity_id', "Only changes to this entity's id."],
  ]) {
    ApiQuery({ name, required: false, description })(target, key, descriptor);
  }
};

/** SPEC §9: the audit log of Admin and Portal writes, oldest first, paged like every list. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get('requests')
  @ApiOperation({ summary: 'Audited write requests: when, who, from where, method, path, status' })
  @AuditFilters()
  async requests(@Query() query: Record<string, unknown>) {
    const { filter, echo, page } = parse(query);
    return pageResponse(await this.audit.listRequests(filter, page), page, '/audit/requests', echo);
  }

  @Get('objects')
  @ApiOperation({ summary: 'Entities changed by audited requests, before and after, secrets removed' })
  @AuditFilters()
  async objects(@Query() query: Record<string, unknown>) {
    const { filter, echo, page } = parse(query);
    return pageResponse(await this.audit.listObjects(filter, page), page, '/audit/objects', echo);
  }
}

function parse(query: Record<string, unknown>): ReturnType<typeof parseAuditFilter> & { page: PageRequest } {
  try {
    return { ...parseAuditFilter(query), page: parsePageQuery(query) };
  } catch (err) {
    if (err instanceof AuditQueryError || (err as Error).name === 'PageQueryError') throw Errors.badRequest((err as Error).message, 'invalid_query');
    throw err;
  }
}
