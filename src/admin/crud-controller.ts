import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Type } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { forUpdate } from '../common/kong-schema';
import type { KongEntity } from '../database/kong-entity';
import { AuditScope } from '../audit/audit-scope';
import { RequestAudit } from '../audit/audit-trail';
import { AdminCrudService } from './admin-crud.service';
import { DocDelete, DocList, DocRead, DocWrite } from './admin-docs';
import type { AdminResource } from '../resources/admin-resource';

export interface CrudControllerOptions {
  /** URL segment and OpenAPI tag, e.g. "services". */
  path: string;
  /** Singular, for summaries and the key parameter, e.g. "service". */
  singular: string;
  keyDescription: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each resource has its own entity type
  resource: Type<AdminResource<any>>;
  schema: TSchema;
}

/**
 * The six Kong endpoints of an entity (list, create, get, patch, put, delete), built once and
 * parameterised, so every entity behaves — and is documented — the same way.
 */
export function crudController(options: CrudControllerOptions): Type {
  const { path, singular, resource } = options;

  @ApiTags(path)
  @Controller(path)
  class CrudController {
    constructor(
      readonly crud: AdminCrudService,
      readonly resource: AdminResource<KongEntity>,
    ) {}

    @Get()
    @DocList(`List ${path}`)
    list(@Query() query: Record<string, unknown>) {
      return this.crud.list(this.resource, query, `/${path}`);
    }

    @Post()
    @DocWrite(`Create a ${singular}`, options.schema)
    create(@Body() body: unknown, @RequestAudit() audit: AuditScope) {
      return this.crud.create(this.resource, body, audit);
    }

    @Get(':key')
    @ApiParam({ name: 'key', description: options.keyDescription })
    @DocRead(`Get a ${singular}`)
    get(@Param('key') key: string) {
      return this.crud.get(this.resource, key);
    }

    @Patch(':key')
    @ApiParam({ name: 'key', description: options.keyDescription })
    @DocWrite(`Update a ${singular}`, forUpdate(options.schema), 200)
    update(@Param('key') key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
      return this.crud.update(this.resource, key, body, audit);
    }

    @Put(':key')
    @ApiParam({ name: 'key', description: options.keyDescription })
    @DocWrite(`Create or replace a ${singular} (Kong's PUT: the whole entity, under this id or name)`, options.schema, 200)
    put(@Param('key') key: string, @Body() body: unknown, @RequestAudit() audit: AuditScope) {
      return this.crud.put(this.resource, key, body, audit);
    }

    @Delete(':key')
    @HttpCode(204)
    @ApiParam({ name: 'key', description: options.keyDescription })
    @DocDelete(`Delete a ${singular}`)
    async remove(@Param('key') key: string, @RequestAudit() audit: AuditScope) {
      await this.crud.delete(this.resource, key, audit);
    }
  }

  Reflect.defineMetadata('design:paramtypes', [AdminCrudService, resource], CrudController);
  Object.defineProperty(CrudController, 'name', { value: `${path[0].toUpperCase()}${path.slice(1)}Controller` });
  return CrudController;
}
