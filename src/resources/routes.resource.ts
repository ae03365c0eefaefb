import { Injectable } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Errors } from '../common/http-errors';
import { entitySchema, ForeignKey, forUpdate, Name, nullable, Tags } from '../common/kong-schema';
import { RouteEntity } from '../gateway/route.entity';
import { RoutesRepository } from '../gateway/routes.repository';
import { ServicesRepository } from '../gateway/services.repository';
import { kongCompatProperties } from '../common/kong-compat';
import { AdminResource } from './admin-resource';

/** SPEC §5: every request is matched against every path and host, so one route may not hold an unbounded number. */
const MAX_ROUTE_VALUES = 1000;

const Method = Type.String({ pattern: '^[A-Z]+$', errorMessage: 'invalid value; methods are upper-case letters', description: 'HTTP method.' });
const Host = Type.String({
  pattern: '^(\\*\\.)?[A-Za-z0-9.-]+(\\.\\*)?(:\\d+)?$',
  errorMessage: 'invalid value; expected a host name, *.example.com or example.*',
  description: 'Host name; a leading or trailing `*` is a wildcard label.',
});
const Path = Type.String({
  pattern: '^[/~]',
  errorMessage: 'should start with: / (fixed path) or ~/ (regex path)',
  description: 'Path prefix, or a regular expression when it starts with `~`.',
});

export const RouteSchema = entitySchema(
  {
    name: nullable(Name),
    service: ForeignKey('service'),
    protocols: Type.Array(Type.Union([Type.Literal('http'), Type.Literal('https')]), {
      minItems: 1,
      default: ['http', 'https'],
      description: 'Protocols the route accepts.',
    }),
    methods: nullable(Type.Array(Method, { maxItems: MAX_ROUTE_VALUES, description: 'HTTP methods that match this route.' })),
    hosts: nullable(Type.Array(Host, { maxItems: MAX_ROUTE_VALUES, description: `Host names that match this route (at most ${MAX_ROUTE_VALUES}).` })),
    paths: nullable(Type.Array(Path, { maxItems: MAX_ROUTE_VALUES, description: `Paths that match this route (at most ${MAX_ROUTE_VALUES}).` })),
    strip_path: Type.Boolean({ default: true, description: 'Remove the matched path prefix before forwarding.' }),
    preserve_host: Type.Boolean({ default: false, description: "Forward the client's Host header instead of the service's host." }),
    regex_priority: Type.Integer({ default: 0, description: 'Order among regex routes of equal specificity; higher first.' }),
    tags: Tags,
    ...kongCompatProperties('routes'),
  },
  [],
);

@Injectable()
export class RoutesResource implements AdminResource<RouteEntity> {
  readonly name = 'routes';
  readonly nameField = 'name';
  readonly createSchema = RouteSchema;
  readonly updateSchema = forUpdate(RouteSchema);
  readonly topics = ['routes' as const];

  constructor(
    readonly repository: RoutesRepository,
    private readonly services: ServicesRepository,
  ) {}

  async toColumns(input: Record<string, unknown>, existing: RouteEntity | null): Promise<Partial<RouteEntity>> {
    const { service, ...columns } = input as Partial<RouteEntity> & { service?: { id: string } };
    const out: Partial<RouteEntity> = { ...columns };
    if (service) {
      if (!(await this.services.getById(service.id))) {
        throw Errors.foreignKeyViolation(`the foreign key '{id="${service.id}"}' does not reference an existing 'services' entity.`, {
          service: { id: service.id },
        } as never);
      }
      out.service_id = service.id;
    } else if (!existing) {
      throw Errors.schemaViolation({ service: 'required field missing' }, 'schema violation (service: required field missing)');
    }
    const merged = { ...existing, ...out };
    if (!merged.methods?.length && !merged.hosts?.length && !merged.paths?.length) {
      const message = "must set one of 'methods', 'hosts', 'paths' when 'protocols' is 'http' or 'https'";
      throw Errors.schemaViolation({ '@entity': [message] } as never, `schema violation (${message})`);
    }
    for (const [index, path] of (out.paths ?? []).entries()) {
      if (!path.startsWith('~')) continue;
      try {
        new RegExp(path.slice(1));
      } catch {
        const fields = { paths: { [String(index + 1)]: `invalid regex: '${path.slice(1)}'` } };
        throw Errors.schemaViolation(fields, `schema violation (paths.${index + 1}: invalid regex: '${path.slice(1)}')`);
      }
    }
    return out;
  }

  toJson(row: RouteEntity) {
    const { id, name, protocols, methods, hosts, paths, strip_path, preserve_host, regex_priority, tags, created_at, updated_at } = row;
    return { id, name, service: { id: row.service_id }, protocols, methods, hosts, paths, strip_path, preserve_host, regex_priority, tags, created_at, updated_at };
  }
}
