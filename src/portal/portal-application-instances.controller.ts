import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import { ApiTags } from '@nestjs/swagger';
import { Errors } from '../common/http-errors';
import { InstanceRequestSchema } from '../applications/application.schemas';
import { instanceJson } from '../applications/application.views';
import { ApplicationInstancesRepository } from '../applications/application-instances.repository';
import { ApplicationInstancesService } from '../applications/application-instances.service';
import { ApplicationsRepository } from '../applications/applications.repository';
import type { DeveloperEntity } from '../applications/developer.entity';
import { validateBody } from '../common/request-body';
import { CurrentDeveloper } from './current-developer';
import { DocApplicationId, DocError, DocInstanceKey, DocPortal, NOT_FOUND, NOT_LOGGED_IN } from './portal-docs';
import { portalPage } from './portal-page';

/** Access requests of the caller's own applications. Their status is an administrator's business. */
@ApiTags('application instances')
@NOT_LOGGED_IN
@DocApplicationId
@Controller('applications/:id/application_instances')
export class PortalApplicationInstancesController {
  constructor(
    private readonly service: ApplicationInstancesService,
    private readonly applications: ApplicationsRepository,
    private readonly instances: ApplicationInstancesRepository,
  ) {}

  @Get()
  @DocPortal("List an application's access requests")
  @NOT_FOUND
  async list(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    const application = await this.applications.getOwnOrFail(developer.id, id);
    const rows = await this.instances.allOfApplications([application.id]);
    return portalPage(rows, query, `/applications/${application.id}/application_instances`, instanceJson);
  }

  @Post()
  @DocPortal('Request access to a service', {
    body: InstanceRequestSchema,
    status: 201,
    description: "Status 0 when the service's application-registration plugin auto-approves, else 1 (pending). A `status` or `suspended` sent here is ignored.",
  })
  @NOT_FOUND
  @DocError(405, "The service has no application-registration plugin.", { code: 12, message: "'Application Registration' plugin must be enabled." })
  @DocError(409, 'Access to this service was already requested.', { code: 5, name: 'unique constraint violation', message: 'access to this service was already requested' })
  async create(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const application = await this.applications.getOwnOrFail(developer.id, id);
    const { service } = validateBody<{ service: { id: string } }>(InstanceRequestSchema, body);
    return instanceJson(await this.service.create(application, service.id, 'developer', {}, audit));
  }

  @Get(':instance')
  @DocInstanceKey
  @DocPortal('Get one access request')
  @NOT_FOUND
  async get(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string, @Param('instance') key: string) {
    return instanceJson(await this.own(developer, id, key));
  }

  @Patch(':instance')
  @DocInstanceKey
  @DocPortal('Not allowed: only administrators change an access request', { status: 405 })
  @DocError(405, 'Always.', { message: 'Method not allowed' })
  async update(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string, @Param('instance') key: string) {
    await this.own(developer, id, key);
    throw Errors.methodNotAllowed();
  }

  @Delete(':instance')
  @HttpCode(204)
  @DocInstanceKey
  @DocPortal('Withdraw an access request', { status: 204 })
  @NOT_FOUND
  @DocError(403, 'An administrator rejected, revoked or suspended it; only an administrator can remove it.', {
    message: 'Access an administrator rejected, revoked or suspended can only be changed by an administrator',
  })
  async remove(@CurrentDeveloper() developer: DeveloperEntity, @Param('id') id: string, @Param('instance') key: string, @RequestAudit() audit: AuditScope) {
    await this.service.delete(await this.own(developer, id, key), 'developer', audit);
  }

  private async own(developer: DeveloperEntity, id: string, key: string) {
    const application = await this.applications.getOwnOrFail(developer.id, id);
    const instance = await this.instances.getOfApplication(application.id, key);
    if (!instance) throw Errors.notFound();
    return instance;
  }
}
