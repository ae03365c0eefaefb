import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import type { ApplicationEntity } from '../applications/application.entity';
import type { ListQuery } from '../database/kong-repository';
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

const APPROVAL =
  'Approval: `status` 0 approves, 1 puts back to pending, 2 rejects, 3 revokes (integer or label); `suspended` may be set too. ' +
  "Approved and not suspended, with an approved developer, puts ACL group `<service id>` on the application's consumer; anything else removes it.";

/** What the instance endpoints need from this controller's repositories and service. */
interface InstanceDeps {
  applications: ApplicationsRepository;
  services: ServicesRepository;
  instances: ApplicationInstancesRepository;
}

/** The two parents an instance is addressed under; everything else about the endpoints is the same. */
interface InstanceParent {
  path: 'applications' | 'services';
  /** The parent's path parameter: `application` or `service`. */
  name: string;
  param: ReturnType<typeof ApiParam>;
  instanceParam: ReturnType<typeof ApiParam>;
  listSummary: string;
  createSummary: string;
  createSchema: TSchema;
  find(deps: InstanceDeps, key: string): Promise<{ id: string }>;
  list(deps: InstanceDeps, parentId: string, page: ListQuery): Promise<ApplicationInstanceEntity[]>;
  /** The application and service a POST under this parent pairs (the other one is named in the body). */
  pair(deps: InstanceDeps, parentId: string, other: string): Promise<{ application: ApplicationEntity; serviceId: string }>;
  /** By instance id, else through the entity at the other end. */
  instance(deps: InstanceDeps, parentId: string, key: string): Promise<ApplicationInstanceEntity | null>;
}

const UNDER_APPLICATION: InstanceParent = {
  path: 'applications',
  name: 'application',
  param: ApiParam({ name: 'application', description: 'Application id or custom_id' }),
  instanceParam: ApiParam({ name: 'instance', description: 'Instance id, or the id or name of its service' }),
  listSummary: "List an application's instances",
  createSummary: 'Give an application access to a service (`service.id`)',
  createSchema: InstanceAdminCreateSchema.service,
  find: (deps, key) => deps.applications.getByIdOrKeyOrFail(key),
  list: (deps, id, page) => deps.instances.listByApplication(id, page),
  pair: async (deps, id, service) => ({ application: await deps.applications.getByIdOrKeyOrFail(id), serviceId: (await deps.services.getByIdOrKeyOrFail(service)).id }),
  // `/applications/my-client/application_instances/orders`: the service by id or name.
  instance: async (deps, applicationId, key) => {
    const byId = await deps.instances.getOfApplication(applicationId, key);
    if (byId) return byId;
    const service = await deps.services.getByIdOrKey(key);
    return service && deps.instances.getByPair(applicationId, service.id);
  },
};

const UNDER_SERVICE: InstanceParent = {
  path: 'services',
  name: 'service',
  param: ApiParam({ name: 'service', description: 'Service id or name' }),
  instanceParam: ApiParam({ name: 'instance', description: 'Instance id, or the id or custom_id of its application' }),
  listSummary: "List the applications' instances for a service",
  createSummary: 'Give an application (`application.id`) access to this service',
  createSchema: InstanceAdminCreateSchema.application,
  find: (deps, key) => deps.services.getByIdOrKeyOrFail(key),
  list: (deps, id, page) => deps.instances.listByService(id, page),
  pair: async (deps, id, application) => ({ application: await deps.applications.getByIdOrKeyOrFail(application), serviceId: id }),
  instance: async (deps, serviceId, key) => {
    const byId = await deps.instances.getOfService(serviceId, key);
    if (byId) return byId;
    // custom_ids may themselves be UUIDs (Entra ID client ids are).
    const application = await deps.applications.getByIdOrKey(key);
    return application && deps.instances.getByPair(application.id, serviceId);
  },
};

/** Application instances (access to one service), defined once and served under each parent. */
function instancesController(parent: InstanceParent): Type {
  const base = `${parent.path}/:${parent.name}/application_instances`;

  @ApiTags('application instances')
  @Controller(base)
  class InstancesController implements InstanceDeps {
    constructor(
      readonly crud: AdminCrudService,
      readonly applications: ApplicationsRepository,
      readonly services: ServicesRepository,
      readonly instances: ApplicationInstancesRepository,
      readonly service: ApplicationInstancesService,
    ) {}

    @Get()
    @parent.param
    @DocList(parent.listSummary)
    async list(@Param(parent.name) key: string, @Query() query: Record<string, unknown>) {
      const { id } = await parent.find(this, key);
      const basePath = `/${parent.path}/${encodeURIComponent(key)}/application_instances`;
      return this.crud.list({ repository: this.instances, toJson: instanceJson }, query, basePath, (page) => parent.list(this, id, page));
    }

    @Post()
    @parent.param
    @DocWrite(parent.createSummary, parent.createSchema)
    async create(@Param(parent.name) key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
      const { id } = await parent.find(this, key);
      const { service, application, ...decision } = validateBody<InstanceDecision & { service?: { id: string }; application?: { id: string } }>(
        parent.createSchema,
        body,
        isFormBody(body),
      );
      const pair = await parent.pair(this, id, (service ?? application)!.id);
      return instanceJson(await this.service.create(pair.application, pair.serviceId, 'administrator', decision, audit));
    }

    @Get(':instance')
    @parent.param
    @parent.instanceParam
    @DocRead('Get an application instance')
    async get(@Param(parent.name) key: string, @Param('instance') instance: string) {
      return instanceJson(await this.existing(key, instance));
    }

    @Patch(':instance')
    @parent.param
    @parent.instanceParam
    @DocWrite(APPROVAL, InstanceAdminUpdateSchema, 200)
    async update(@Param(parent.name) key: string, @Param('instance') instance: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
      const decision = validateBody<InstanceDecision>(InstanceAdminUpdateSchema, body, isFormBody(body));
      return instanceJson(await this.service.update(await this.existing(key, instance), decision, audit));
    }

    @Delete(':instance')
    @HttpCode(204)
    @parent.param
    @parent.instanceParam
    @DocDelete('Delete an application instance (and the ACL group it granted)')
    async remove(@Param(parent.name) key: string, @Param('instance') instance: string, @RequestAudit() audit: AuditScope) {
      const row = await parent.instance(this, (await parent.find(this, key)).id, instance);
      if (row) await this.service.delete(row, 'administrator', audit);
    }

    private async existing(key: string, instance: string): Promise<ApplicationInstanceEntity> {
      const row = await parent.instance(this, (await parent.find(this, key)).id, instance);
      if (!row) throw Errors.notFound();
      return row;
    }
  }

  Object.defineProperty(InstancesController, 'name', { value: `${parent.path[0].toUpperCase()}${parent.path.slice(1, -1)}InstancesController` });
  return InstancesController;
}

export const ApplicationInstancesController = instancesController(UNDER_APPLICATION);
export const ServiceInstancesController = instancesController(UNDER_SERVICE);
