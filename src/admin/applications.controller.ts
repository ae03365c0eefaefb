import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Type } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import { Errors } from '../common/http-errors';
import { ApplicationAdminCreateSchema, ApplicationAdminUpdateSchema, ApplicationOfDeveloperCreateSchema } from '../applications/application.schemas';
import type { ApplicationEntity } from '../applications/application.entity';
import { applicationJson } from '../applications/application.views';
import { ApplicationInput, ApplicationsService } from '../applications/applications.service';
import { ApplicationsRepository } from '../applications/applications.repository';
import type { DeveloperEntity } from '../applications/developer.entity';
import { DevelopersRepository } from '../applications/developers.repository';
import { validateBody } from '../common/request-body';
import { AdminCrudService, type ListRows } from './admin-crud.service';
import { isFormBody } from './admin-body';
import { DocDelete, DocList, DocRead, DocWrite } from './admin-docs';

const APP_KEY = ApiParam({ name: 'application', description: 'Application id or custom_id' });
type CreateInput = ApplicationInput & { name: string; custom_id: string };
/** The path parameters of a request: `application`, and `developer` under a developer. */
type Keys = Record<string, string>;

interface ApplicationDeps {
  applications: ApplicationsRepository;
  developers: DevelopersRepository;
}

/** Where applications are addressed: on their own, or under their developer. The endpoints are the same. */
interface ApplicationsParent {
  path: string;
  name: string;
  /** The parent's own path parameter, if any. */
  param: ClassDecorator & MethodDecorator;
  summaries: { list: string; create: string; get: string; update: string; remove: string };
  createSchema: TSchema;
  basePath(keys: Keys): string;
  /** The rows a list pages through (none: every application). */
  rows(deps: ApplicationDeps, keys: Keys): Promise<ListRows<ApplicationEntity> | undefined>;
  /** The developer a POST creates for, and the application's own fields. */
  create(deps: ApplicationDeps, keys: Keys, body: unknown): Promise<{ developer: DeveloperEntity; input: CreateInput }>;
  /** The application addressed, or null: a DELETE of a missing one is then a quiet 204, anything else a 404. */
  find(deps: ApplicationDeps, keys: Keys): Promise<ApplicationEntity | null>;
}

const TOP_LEVEL: ApplicationsParent = {
  path: 'applications',
  name: 'ApplicationsController',
  param: () => undefined,
  summaries: {
    list: 'List applications',
    create: 'Create an application for a developer (`developer.id`); its consumer is created with it',
    get: 'Get an application',
    update: 'Update an application (its consumer follows)',
    remove: 'Delete an application with its access, ACLs and consumer',
  },
  createSchema: ApplicationAdminCreateSchema,
  basePath: () => '/applications',
  rows: async () => undefined,
  create: async (deps, _keys, body) => {
    const { developer, ...input } = validateBody<CreateInput & { developer: { id: string } }>(ApplicationAdminCreateSchema, body, isFormBody(body));
    return { developer: await deps.developers.getByIdOrKeyOrFail(developer.id), input };
  },
  find: (deps, keys) => deps.applications.getByIdOrKey(keys.application),
};

const UNDER_DEVELOPER: ApplicationsParent = {
  path: 'developers/:developer/applications',
  name: 'DeveloperApplicationsController',
  param: ApiParam({ name: 'developer', description: 'Developer id or email' }),
  summaries: {
    list: "List a developer's applications",
    create: 'Create an application for this developer',
    get: "Get one of a developer's applications",
    update: "Update one of a developer's applications",
    remove: "Delete one of a developer's applications",
  },
  createSchema: ApplicationOfDeveloperCreateSchema,
  basePath: (keys) => `/developers/${encodeURIComponent(keys.developer)}/applications`,
  rows: async (deps, keys) => {
    const developer = await deps.developers.getByIdOrKeyOrFail(keys.developer);
    return (page) => deps.applications.listByDeveloper(developer.id, page);
  },
  create: async (deps, keys, body) => {
    const developer = await deps.developers.getByIdOrKeyOrFail(keys.developer);
    return { developer, input: validateBody<CreateInput>(ApplicationOfDeveloperCreateSchema, body, isFormBody(body)) };
  },
  // Another developer's application is indistinguishable from a missing one, and so is a missing developer.
  find: async (deps, keys) => {
    const developer = await deps.developers.getByIdOrKeyOrFail(keys.developer);
    const application = await deps.applications.getByIdOrKey(keys.application);
    if (!application || application.developer_id !== developer.id) throw Errors.notFound();
    return application;
  },
};

/** Applications, defined once and served on their own and under their developer. */
function applicationsController(parent: ApplicationsParent): Type {
  @ApiTags('applications')
  @parent.param
  @Controller(parent.path)
  class ApplicationsController implements ApplicationDeps {
    constructor(
      readonly crud: AdminCrudService,
      readonly applications: ApplicationsRepository,
      readonly developers: DevelopersRepository,
      readonly service: ApplicationsService,
    ) {}

    @Get()
    @DocList(parent.summaries.list)
    async list(@Param() keys: Keys, @Query() query: Record<string, unknown>) {
      const rows = await parent.rows(this, keys);
      return this.crud.list({ repository: this.applications, toJson: applicationJson }, query, parent.basePath(keys), rows);
    }

    @Post()
    @DocWrite(parent.summaries.create, parent.createSchema)
    async create(@Param() keys: Keys, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
      const { developer, input } = await parent.create(this, keys, body);
      return applicationJson(await this.service.create(developer, input, audit));
    }

    @Get(':application')
    @APP_KEY
    @DocRead(parent.summaries.get)
    async get(@Param() keys: Keys) {
      return applicationJson(await this.existing(keys));
    }

    @Patch(':application')
    @APP_KEY
    @DocWrite(parent.summaries.update, ApplicationAdminUpdateSchema, 200)
    async update(@Param() keys: Keys, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
      const application = await this.existing(keys);
      const input = validateBody<ApplicationInput>(ApplicationAdminUpdateSchema, body, isFormBody(body));
      return applicationJson(await this.service.update(application, input, 'administrator', audit));
    }

    @Delete(':application')
    @HttpCode(204)
    @APP_KEY
    @DocDelete(parent.summaries.remove)
    async remove(@Param() keys: Keys, @RequestAudit() audit: AuditScope) {
      const application = await parent.find(this, keys);
      if (application) await this.service.delete(application, 'administrator', audit);
    }

    private async existing(keys: Keys): Promise<ApplicationEntity> {
      const application = await parent.find(this, keys);
      if (!application) throw Errors.notFound();
      return application;
    }
  }

  Object.defineProperty(ApplicationsController, 'name', { value: parent.name });
  return ApplicationsController;
}

export const ApplicationsController = applicationsController(TOP_LEVEL);
export const DeveloperApplicationsController = applicationsController(UNDER_DEVELOPER);
