import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
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
import { AdminCrudService } from './admin-crud.service';
import { isFormBody } from './admin-body';
import { DocDelete, DocList, DocRead, DocWrite } from './admin-docs';

const APP_KEY = ApiParam({ name: 'application', description: 'Application id or custom_id' });
const DEVELOPER_KEY = ApiParam({ name: 'developer', description: 'Developer id or email' });
type CreateInput = ApplicationInput & { name: string; custom_id: string };

/** Applications, top-level and under their developer: /applications, /developers/{developer}/applications. */
@ApiTags('applications')
@Controller()
export class ApplicationsController {
  constructor(
    private readonly crud: AdminCrudService,
    private readonly applications: ApplicationsRepository,
    private readonly developers: DevelopersRepository,
    private readonly service: ApplicationsService,
  ) {}

  @Get('applications')
  @DocList('List applications')
  list(@Query() query: Record<string, unknown>) {
    return this.crud.list({ repository: this.applications, toJson: applicationJson }, query, '/applications');
  }

  @Post('applications')
  @DocWrite("Create an application for a developer (`developer.id`); its consumer is created with it", ApplicationAdminCreateSchema)
  async create(@Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const { developer, ...input } = validateBody<CreateInput & { developer: { id: string } }>(ApplicationAdminCreateSchema, body, isFormBody(body));
    return this.createFor(await this.developers.getByIdOrKeyOrFail(developer.id), input, audit);
  }

  @Get('applications/:application')
  @APP_KEY
  @DocRead('Get an application')
  async get(@Param('application') key: string) {
    return applicationJson(await this.applications.getByIdOrKeyOrFail(key));
  }

  @Patch('applications/:application')
  @APP_KEY
  @DocWrite('Update an application (its consumer follows)', ApplicationAdminUpdateSchema, 200)
  async update(@Param('application') key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    return this.updateRow(await this.applications.getByIdOrKeyOrFail(key), body, audit);
  }

  @Delete('applications/:application')
  @HttpCode(204)
  @APP_KEY
  @DocDelete('Delete an application with its access, ACLs and consumer')
  async remove(@Param('application') key: string, @RequestAudit() audit: AuditScope) {
    const application = await this.applications.getByIdOrKey(key);
    if (application) await this.service.delete(application, 'administrator', audit);
  }

  @Get('developers/:developer/applications')
  @DEVELOPER_KEY
  @DocList("List a developer's applications")
  async listOfDeveloper(@Param('developer') key: string, @Query() query: Record<string, unknown>) {
    const developer = await this.developers.getByIdOrKeyOrFail(key);
    const basePath = `/developers/${encodeURIComponent(key)}/applications`;
    return this.crud.list({ repository: this.applications, toJson: applicationJson }, query, basePath, (page) => this.applications.listByDeveloper(developer.id, page));
  }

  @Post('developers/:developer/applications')
  @DEVELOPER_KEY
  @DocWrite('Create an application for this developer', ApplicationOfDeveloperCreateSchema)
  async createOfDeveloper(@Param('developer') key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    const developer = await this.developers.getByIdOrKeyOrFail(key);
    return this.createFor(developer, validateBody<CreateInput>(ApplicationOfDeveloperCreateSchema, body, isFormBody(body)), audit);
  }

  @Get('developers/:developer/applications/:application')
  @DEVELOPER_KEY
  @APP_KEY
  @DocRead("Get one of a developer's applications")
  async getOfDeveloper(@Param('developer') developerKey: string, @Param('application') key: string) {
    return applicationJson(await this.ofDeveloper(developerKey, key));
  }

  @Patch('developers/:developer/applications/:application')
  @DEVELOPER_KEY
  @APP_KEY
  @DocWrite("Update one of a developer's applications", ApplicationAdminUpdateSchema, 200)
  async updateOfDeveloper(@Param('developer') developerKey: string, @Param('application') key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
    return this.updateRow(await this.ofDeveloper(developerKey, key), body, audit);
  }

  @Delete('developers/:developer/applications/:application')
  @HttpCode(204)
  @DEVELOPER_KEY
  @APP_KEY
  @DocDelete("Delete one of a developer's applications")
  async removeOfDeveloper(@Param('developer') developerKey: string, @Param('application') key: string, @RequestAudit() audit: AuditScope) {
    await this.service.delete(await this.ofDeveloper(developerKey, key), 'administrator', audit);
  }

  private async createFor(developer: DeveloperEntity, input: CreateInput, audit: AuditScope) {
    return applicationJson(await this.service.create(developer, input, audit));
  }

  private async updateRow(application: ApplicationEntity, body: unknown, audit: AuditScope) {
    const input = validateBody<ApplicationInput>(ApplicationAdminUpdateSchema, body, isFormBody(body));
    return applicationJson(await this.service.update(application, input, 'administrator', audit));
  }

  private async ofDeveloper(developerKey: string, key: string): Promise<ApplicationEntity> {
    const developer = await this.developers.getByIdOrKeyOrFail(developerKey);
    const application = await this.applications.getByIdOrKey(key);
    if (!application || application.developer_id !== developer.id) throw Errors.notFound();
    return application;
  }
}
