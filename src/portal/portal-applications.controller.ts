import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApplicationCreateSchema, ApplicationUpdateSchema } from '../applications/application.schemas';
import { applicationJson, instanceJson } from '../applications/application.views';
import { ApplicationInstancesRepository } from '../applications/application-instances.repository';
import { ApplicationInput, ApplicationsService } from '../applications/applications.service';
import { ApplicationsRepository } from '../applications/applications.repository';
import type { DeveloperEntity } from '../applications/developer.entity';
import { validateBody } from '../common/request-body';
import { CurrentDeveloper } from './current-developer';
import { DocApplicationId, DocError, DocPortal, NOT_FOUND, NOT_LOGGED_IN } from './portal-docs';
import { portalPage } from './portal-page';

const CONFLICT = DocError(409, 'custom_id taken anywhere, or name taken among your applications.', {
  code: 5,
  name: 'unique constraint violation',
  message: "application already exists with custom_id: 'my-client-id'",
  fields: { custom_id: 'my-client-id' },
});
const HELD = DocError(403, 'An administrator rejected, revoked or suspended access of this application.', {
  message: 'Access an administrator rejected, revoked or suspended can only be changed by an administrator',
});

/** The caller's own applications; anyone else's is a 404, indistinguishable from a missing one. */
@ApiTags('applications')
@NOT_LOGGED_IN
@Controller('applications')
export class PortalApplicationsController {
  constructor(
    private readonly service: ApplicationsService,
    private readonly applications: ApplicationsRepository,
    private readonly instances: ApplicationInstancesRepository,
  ) {}

  @Get()
  @DocPortal('List your applications')
  @ApiQuery({ name: 'include_instances', required: false, description: '`true` to embed each application\'s `application_instances`.' })
  @ApiQuery({ name: 'size', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async list(@CurrentDeveloper() developer: DeveloperEntity, @Query() query: Record<string, unknown>) {
    const rows = await this.applications.allOfDeveloper(developer.id);
    if (query.include_instances !== 'true') return portalPage(rows, query, '/applications', applicationJson);
    const instances = await this.instances.allOfApplications(rows.map((r) => r.id));
    const page = portalPage(rows, query, '/applications?include_instances=true', applicationJson);
    return {
      ...page,
      data: page.data.map((app) => ({ ...app, application_instances: instances.filter((i) => i.application_id === app.id).map(instanceJson) })),
    };
  }

  @Post()
  @DocPortal('Create an application', {
    body: ApplicationCreateSchema,
    status: 201,
    description: '`custom_id` is the client id of the application at the identity provider ("Reference ID").',
  })
  @CONFLICT
  async create(@CurrentDeveloper() developer: DeveloperEntity, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const input = validateBody<ApplicationInput & { name: string; custom_id: string }>(ApplicationCreateSchema, body);
    return applicationJson(await this.service.create(developer, input, audit));
  }

  @Get(':id')
  @DocApplicationId
  @DocPortal('Get one of your applications')
  @NOT_FOUND
  async get(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string) {
    return applicationJson(await this.applications.getOwnOrFail(developer.id, id));
  }

  @Patch(':id')
  @DocApplicationId
  @DocPortal('Update one of your applications', { body: ApplicationUpdateSchema })
  @NOT_FOUND
  @CONFLICT
  @HELD
  async update(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const application = await this.applications.getOwnOrFail(developer.id, id);
    return applicationJson(await this.service.update(application, validateBody<ApplicationInput>(ApplicationUpdateSchema, body), 'developer', audit));
  }

  @Delete(':id')
  @HttpCode(204)
  @DocApplicationId
  @DocPortal('Delete one of your applications', { status: 204, description: 'Removes its access requests and its consumer too.' })
  @NOT_FOUND
  @HELD
  async remove(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string, @RequestAudit() audit: AuditScope) {
    await this.service.delete(await this.applications.getOwnOrFail(developer.id, id), 'developer', audit);
  }
}
