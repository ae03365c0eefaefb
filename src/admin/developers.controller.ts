import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { DeveloperCreateSchema, DeveloperUpdateSchema } from '../applications/application.schemas';
import { developerJson } from '../applications/application.views';
import { DevelopersRepository } from '../applications/developers.repository';
import { DeveloperInput, DevelopersService } from '../applications/developers.service';
import { validateBody } from '../common/request-body';
import { AdminCrudService } from './admin-crud.service';
import { isFormBody } from './admin-body';
import { DocDelete, DocList, DocRead, DocWrite } from './admin-docs';

const KEY = ApiParam({ name: 'developer', description: 'Developer id or email' });

@ApiTags('developers')
@Controller('developers')
export class DevelopersController {
  constructor(
    private readonly crud: AdminCrudService,
    private readonly developers: DevelopersRepository,
    private readonly service: DevelopersService,
  ) {}

  @Get()
  @DocList('List developers')
  list(@Query() query: Record<string, unknown>) {
    return this.crud.list({ repository: this.developers, toJson: developerJson }, query, '/developers');
  }

  @Post()
  @DocWrite('Create a developer', DeveloperCreateSchema)
  async create(@Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const input = validateBody<DeveloperInput & { email: string; password: string }>(DeveloperCreateSchema, body, isFormBody(body));
    return developerJson(await this.service.create(input, audit));
  }

  @Get(':developer')
  @KEY
  @DocRead('Get a developer')
  async get(@Param('developer') key: string) {
    return developerJson(await this.developers.getByIdOrKeyOrFail(key));
  }

  @Patch(':developer')
  @KEY
  @DocWrite(
    'Update a developer; `status` approves (0), rejects (2) or revokes (3). Leaving 0 suspends all their access; returning to 0 restores it.',
    DeveloperUpdateSchema,
    200,
  )
  async update(@Param('developer') key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const developer = await this.developers.getByIdOrKeyOrFail(key);
    return developerJson(await this.service.update(developer, validateBody<DeveloperInput>(DeveloperUpdateSchema, body, isFormBody(body)), audit));
  }

  @Delete(':developer')
  @HttpCode(204)
  @KEY
  @DocDelete('Delete a developer with their applications, access and consumers')
  async remove(@Param('developer') key: string, @RequestAudit() audit: AuditScope) {
    const developer = await this.developers.getByIdOrKey(key);
    if (developer) await this.service.delete(developer, audit);
  }
}
