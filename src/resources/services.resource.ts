import { Injectable } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Errors } from '../common/http-errors';
import { entitySchema, forUpdate, Name, nullable, Tags, TimeoutMs } from '../common/kong-schema';
import { ServiceEntity } from '../gateway/service.entity';
import { ServicesRepository } from '../gateway/services.repository';
import { RoutesRepository } from '../gateway/routes.repository';
import { kongCompatProperties } from '../common/kong-compat';
import { AdminResource } from './admin-resource';

export const ServiceSchema = entitySchema(
  {
    name: nullable(Name),
    protocol: Type.Union([Type.Literal('http'), Type.Literal('https')], { default: 'http', description: 'Protocol used to reach the upstream.' }),
    host: Type.String({ minLength: 1, maxLength: 255, description: 'Upstream host name or IP address. Required unless `url` is given.' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 80, description: 'Upstream port.' }),
    path: nullable(Type.String({ pattern: '^/', maxLength: 1024, errorMessage: 'should start with: /', description: 'Path prepended to every upstream request.' })),
    url: Type.String({ format: 'url', description: 'Write-only shorthand that sets protocol, host, port and path at once.' }),
    retries: Type.Integer({ minimum: 0, maximum: 32767, default: 5, description: 'Retries after a connection failure (idempotent requests only).' }),
    connect_timeout: TimeoutMs('Milliseconds to wait for a connection to the upstream.'),
    write_timeout: TimeoutMs('Milliseconds between two successive writes to the upstream.'),
    read_timeout: TimeoutMs('Milliseconds between two successive reads from the upstream.'),
    enabled: Type.Boolean({ default: true, description: 'A disabled service is not proxied to (its routes answer 404).' }),
    tags: Tags,
    ...kongCompatProperties('services'),
  },
  [],
);

@Injectable()
export class ServicesResource implements AdminResource<ServiceEntity> {
  readonly name = 'services';
  readonly nameField = 'name';
  readonly createSchema = ServiceSchema;
  readonly updateSchema = forUpdate(ServiceSchema);
  readonly topics = ['services' as const];

  constructor(
    readonly repository: ServicesRepository,
    private readonly routes: RoutesRepository,
  ) {}

  toColumns(input: Record<string, unknown>, existing: ServiceEntity | null): Partial<ServiceEntity> {
    const { url, ...columns } = input as Partial<ServiceEntity> & { url?: string };
    if (url !== undefined) Object.assign(columns, expandUrl(url));
    if (!existing && !columns.host) {
      throw Errors.schemaViolation({ host: 'required field missing' }, 'schema violation (host: required field missing)');
    }
    return columns;
  }

  toJson(row: ServiceEntity) {
    const { id, name, protocol, host, port, path, retries, connect_timeout, write_timeout, read_timeout, enabled, tags, created_at, updated_at } = row;
    return { id, name, protocol, host, port, path, retries, connect_timeout, write_timeout, read_timeout, enabled, tags, created_at, updated_at };
  }

  async beforeDelete(row: ServiceEntity) {
    if ((await this.routes.countByService(row.id)) > 0) {
      throw Errors.foreignKeyViolation("an existing 'routes' entity references this 'services' entity", {
        '@referenced_by': 'routes',
      });
    }
  }
}

function expandUrl(url: string): Partial<ServiceEntity> {
  const parsed = new URL(url);
  const protocol = parsed.protocol.replace(':', '');
  if (protocol !== 'http' && protocol !== 'https') {
    throw Errors.schemaViolation({ url: 'expected one of: http, https' }, 'schema violation (url: expected one of: http, https)');
  }
  return {
    protocol,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80,
    path: parsed.pathname === '/' && !url.endsWith('/') ? null : parsed.pathname || null,
  };
}
