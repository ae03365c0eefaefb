import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Errors } from '../common/http-errors';
import { ServicesRepository } from '../gateway/services.repository';
import { InstanceAdminCreateSchema, InstanceAdminUpdateSchema } from '../applications/application.schemas';
import type { ApplicationInstanceEntity } from '../applications/application-instance.entity';
import { instanceJson } from '../applications/application.views';
import { ApplicationInstancesRepository } from '../applications/application-instances.repository';
import { ApplicationInstancesService, InstanceDecision } from '../applications/application-instances.service';
import { ApplicationsRepository } from '../applications/applications.repository';
import { validateBody } from '../common/request-body';
import { AdminCrudService } from './admin-crud.service';
import { isFormBody } from './admin-body';
import { DocDelete, DocList, DocRead, DocWrite } from './admin-docs';
import { adminList } from './applications-admin-list';

const APP_KEY = ApiParam({ name: 'application', description: 'Application id or custom_id' });
const SERVICE_KEY = ApiParam({ name: 'service', description: 'Service id or name' });
const INSTANCE_UNDER_APP = ApiParam({ name: 'instance', description: 'Instance id, or the id or name of its service' });
const INSTANCE_UNDER_SERVICE = ApiParam({ name: 'instance', description: 'Instance id, or the id or custom_id of its application' });
const APPROVAL =
  'Approval: `status` 0 approves, 1 puts back to pending, 2 rejects, 3 revokes (integer or label); `suspended` may be set too. ' +
  "Approved and not suspended, with an approved developer, puts ACL group `<service id>` on the application's consumer; anything else removes it.";

/** Application instances (access to one service), under their application or their service. */
@ApiTags('application instances')
@Controller()
export class ApplicationsInstancesController {
  constructor(
    private readonly crud: AdminCrudService,
    private readonly applications: ApplicationsRepository,
    private readonly services: ServicesRepository,
    private readonly instances: ApplicationInstancesRepository,
    private readonly service: ApplicationInstancesService,
  ) {}

  @Get('applications/:application/application_instances')
  @APP_KEY
  @DocList("List an application's instances")
  async listOfApplication(@Param('application') key: string, @Query() query: Record<string, unknown>) {
    const application = await this.applications.getByIdOrKeyOrFail(key);
    const basePath = `/applications/${encodeURIComponent(key)}/application_instances`;
    return adminList(this.crud, this.instances, instanceJson, query, basePath, (qb) => qb.andWhere('e.application_id = :id', { id: application.id }));
  }

  @Post('applications/:application/application_instances')
  @APP_KEY
  @DocWrite('Give an application access to a service (`service.id`)', InstanceAdminCreateSchema.service)
  async createOfApplication(@Param('application') key: string, @Body() body: unknown) {
    const application = await this.applications.getByIdOrKeyOrFail(key);
    const { service, ...decision } = validateBody<InstanceDecision & { service: { id: string } }>(InstanceAdminCreateSchema.service, body, isFormBody(body));
    const target = await this.services.getByIdOrKeyOrFail(service.id);
    return instanceJson(await this.service.create(application, target.id, 'administrator', decision));
  }

  @Get('applications/:application/application_instances/:instance')
  @APP_KEY
  @INSTANCE_UNDER_APP
  @DocRead('Get an application instance')
  async getOfApplication(@Param('application') key: string, @Param('instance') instance: string) {
    return instanceJson(await this.underApplication(key, instance));
  }

  @Patch('applications/:application/application_instances/:instance')
  @APP_KEY
  @INSTANCE_UNDER_APP
  @DocWrite(APPROVAL, InstanceAdminUpdateSchema, 200)
  async updateOfApplication(@Param('application') key: string, @Param('instance') instance: string, @Body() body: unknown) {
    return this.decide(await this.underApplication(key, instance), body);
  }

  @Delete('applications/:application/application_instances/:instance')
  @HttpCode(204)
  @APP_KEY
  @INSTANCE_UNDER_APP
  @DocDelete('Delete an application instance (and the ACL group it granted)')
  async removeOfApplication(@Param('application') key: string, @Param('instance') instance: string) {
    const application = await this.applications.getByIdOrKeyOrFail(key);
    const row = await this.instanceOfApplication(application.id, instance);
    if (row) await this.service.delete(row, 'administrator');
  }

  @Get('services/:service/application_instances')
  @SERVICE_KEY
  @DocList("List the applications' instances for a service")
  async listOfService(@Param('service') key: string, @Query() query: Record<string, unknown>) {
    const service = await this.services.getByIdOrKeyOrFail(key);
    const basePath = `/services/${encodeURIComponent(key)}/application_instances`;
    return adminList(this.crud, this.instances, instanceJson, query, basePath, (qb) => qb.andWhere('e.service_id = :id', { id: service.id }));
  }

  @Post('services/:service/application_instances')
  @SERVICE_KEY
  @DocWrite('Give an application (`application.id`) access to this service', InstanceAdminCreateSchema.application)
  async createOfService(@Param('service') key: string, @Body() body: unknown) {
    const service = await this.services.getByIdOrKeyOrFail(key);
    const { application, ...decision } = validateBody<InstanceDecision & { application: { id: string } }>(
      InstanceAdminCreateSchema.application,
      body,
      isFormBody(body),
    );
    const target = await this.applications.getByIdOrKeyOrFail(application.id);
    return instanceJson(await this.service.create(target, service.id, 'administrator', decision));
  }

  @Get('services/:service/application_instances/:instance')
  @SERVICE_KEY
  @INSTANCE_UNDER_SERVICE
  @DocRead('Get an application instance')
  async getOfService(@Param('service') key: string, @Param('instance') instance: string) {
    return instanceJson(await this.underService(key, instance));
  }

  @Patch('services/:service/application_instances/:instance')
  @SERVICE_KEY
  @INSTANCE_UNDER_SERVICE
  @DocWrite(APPROVAL, InstanceAdminUpdateSchema, 200)
  async updateOfService(@Param('service') key: string, @Param('instance') instance: string, @Body() body: unknown) {
    return this.decide(await this.underService(key, instance), body);
  }

  @Delete('services/:service/application_instances/:instance')
  @HttpCode(204)
  @SERVICE_KEY
  @INSTANCE_UNDER_SERVICE
  @DocDelete('Delete an application instance (and the ACL group it granted)')
  async removeOfService(@Param('service') key: string, @Param('instance') instance: string) {
    const service = await this.services.getByIdOrKeyOrFail(key);
    const row = await this.instanceOfService(service.id, instance);
    if (row) await this.service.delete(row, 'administrator');
  }

  private async decide(instance: ApplicationInstanceEntity, body: unknown) {
    const decision = validateBody<InstanceDecision>(InstanceAdminUpdateSchema, body, isFormBody(body));
    return instanceJson(await this.service.update(instance, decision));
  }

  private async underApplication(key: string, instance: string): Promise<ApplicationInstanceEntity> {
    const application = await this.applications.getByIdOrKeyOrFail(key);
    const row = await this.instanceOfApplication(application.id, instance);
    if (!row) throw Errors.notFound();
    return row;
  }

  private async underService(key: string, instance: string): Promise<ApplicationInstanceEntity> {
    const service = await this.services.getByIdOrKeyOrFail(key);
    const row = await this.instanceOfService(service.id, instance);
    if (!row) throw Errors.notFound();
    return row;
  }

  /** By instance id, else through the service it is for (id or name): `/applications/my-client/application_instances/orders`. */
  private async instanceOfApplication(applicationId: string, key: string): Promise<ApplicationInstanceEntity | null> {
    const byId = await this.instances.getOfApplication(applicationId, key);
    if (byId) return byId;
    const service = await this.services.getByIdOrKey(key);
    return service && this.instances.getByPair(applicationId, service.id);
  }

  /** By instance id, else through the application it belongs to (id or custom_id). */
  private async instanceOfService(serviceId: string, key: string): Promise<ApplicationInstanceEntity | null> {
    const byId = await this.instances.getOfService(serviceId, key);
    if (byId) return byId;
    // custom_ids may themselves be UUIDs (Entra ID client ids are).
    const application = await this.applications.getByIdOrKey(key);
    return application && this.instances.getByPair(application.id, serviceId);
  }
}
