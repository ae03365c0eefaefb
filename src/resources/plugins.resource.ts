import { Injectable } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Errors, FieldErrors } from '../common/http-errors';
import { entitySchema, ForeignKey, forUpdate, nullable, Tags } from '../common/kong-schema';
import { cachedValidator, schemaViolationMessage } from '../common/schema-validator';
import { PluginEntity, pluginCacheKey } from '../gateway/plugin.entity';
import { PluginsRepository } from '../gateway/plugins.repository';
import { PluginRegistry } from '../plugins/plugin-registry';
import { ServicesRepository } from '../gateway/services.repository';
import { RoutesRepository } from '../gateway/routes.repository';
import { kongCompatProperties } from '../common/kong-compat';
import { AdminResource } from './admin-resource';

export const PluginSchema = entitySchema(
  {
    name: Type.String({ minLength: 1, description: 'Plugin name: openid-connect, application-registration or acl.' }),
    config: Type.Record(Type.String(), Type.Unknown(), {
      default: {},
      description: "Plugin configuration; see GET /schemas/plugins/{name}. Defaults are filled in.",
    }),
    enabled: Type.Boolean({ default: true, description: 'A disabled plugin is skipped.' }),
    service: nullable(ForeignKey('service')),
    route: nullable(ForeignKey('route')),
    tags: Tags,
    ...kongCompatProperties('plugins'),
  },
  ['name'],
);

@Injectable()
export class PluginsResource implements AdminResource<PluginEntity> {
  readonly name = 'plugins';
  readonly createSchema = PluginSchema;
  readonly updateSchema = forUpdate(PluginSchema);
  readonly topics = ['plugins' as const];

  constructor(
    readonly repository: PluginsRepository,
    private readonly registry: PluginRegistry,
    private readonly services: ServicesRepository,
    private readonly routes: RoutesRepository,
  ) {}

  async toColumns(input: Record<string, unknown>, existing: PluginEntity | null, fromForm: boolean): Promise<Partial<PluginEntity>> {
    const { service, route, config, ...columns } = input as Partial<PluginEntity> & {
      service?: { id: string } | null;
      route?: { id: string } | null;
    };
    const name = (columns.name ?? existing?.name)!;
    const definition = this.definition(name);
    const out: Partial<PluginEntity> = { ...columns };
    if (service !== undefined) out.service_id = service ? (await this.services.getByIdOrKeyOrFail(service.id)).id : null;
    if (route !== undefined) out.route_id = route ? (await this.routes.getByIdOrKeyOrFail(route.id)).id : null;
    const serviceId = out.service_id !== undefined ? out.service_id : (existing?.service_id ?? null);
    const routeId = out.route_id !== undefined ? out.route_id : (existing?.route_id ?? null);
    if (serviceId && !definition.scopes.includes('service')) throw scopeError(name, 'service');
    if (routeId && !definition.scopes.includes('route')) throw scopeError(name, 'route');
    if (!serviceId && !routeId) {
      const message = `plugin '${name}' must be applied to a ${definition.scopes.join(' or ')}`;
      throw Errors.schemaViolation({ '@entity': [message] } as never, `schema violation (${message})`);
    }
    if (config !== undefined || !existing) {
      // A PATCH merges the sent config into the stored one, then the whole is validated again.
      out.config = this.validateConfig(name, { ...(existing?.config ?? {}), ...(config ?? {}) }, fromForm);
    }
    out.cache_key = pluginCacheKey(name, serviceId, routeId);
    return out;
  }

  toJson(row: PluginEntity) {
    const { id, name, config, enabled, tags, created_at, updated_at } = row;
    return {
      id,
      name,
      config,
      enabled,
      service: row.service_id ? { id: row.service_id } : null,
      route: row.route_id ? { id: row.route_id } : null,
      consumer: null,
      protocols: ['http', 'https'],
      tags,
      created_at,
      updated_at,
    };
  }

  /** The plugin's config as validated (defaults filled), or Kong's schema violation. */
  checkConfig(name: string, config: Record<string, unknown>): Record<string, unknown> {
    this.definition(name);
    return this.validateConfig(name, config, false);
  }

  private definition(name: string) {
    const definition = this.registry.get(name);
    if (!definition) {
      const message = `plugin '${name}' does not exist; available plugins: ${this.registry.names().join(', ')}`;
      throw Errors.schemaViolation({ name: message }, `schema violation (name: ${message})`);
    }
    return definition;
  }

  private validateConfig(name: string, config: Record<string, unknown>, fromForm: boolean): Record<string, unknown> {
    const definition = this.registry.get(name)!;
    // Form values arrive as strings; only they are coerced to the schema's types.
    const result = cachedValidator<Record<string, unknown>>(definition.configSchema, { coerce: fromForm })(config);
    const fields: FieldErrors | null = result.ok ? definition.validateConfig?.(result.value) ?? null : result.fields;
    if (fields) {
      const nested = { config: fields };
      throw Errors.schemaViolation(nested, schemaViolationMessage(nested));
    }
    return (result as { value: Record<string, unknown> }).value;
  }
}

function scopeError(name: string, scope: string) {
  const message = `plugin '${name}' cannot be applied to a ${scope}`;
  return Errors.schemaViolation({ [scope]: message }, `schema violation (${scope}: ${message})`);
}
