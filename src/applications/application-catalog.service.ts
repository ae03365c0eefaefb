import { Injectable } from '@nestjs/common';
import { ServiceEntity } from '../gateway/service.entity';
import { ServicesRepository } from '../gateway/services.repository';
import type { PluginEntity } from '../gateway/plugin.entity';
import { PluginsRepository } from '../gateway/plugins.repository';
import { APPLICATION_REGISTRATION, ApplicationRegistrationConfig } from './application-registration.schema';

export interface Registration {
  service: ServiceEntity;
  config: ApplicationRegistrationConfig;
  /** The service's openid-connect plugin config, when it has one. */
  auth: Record<string, unknown> | null;
}

const AUTH_PLUGIN = 'openid-connect';

/** The services developers can request access to: those with an enabled application-registration plugin. */
@Injectable()
export class ApplicationCatalogService {
  constructor(
    private readonly plugins: PluginsRepository,
    private readonly services: ServicesRepository,
  ) {}

  async all(): Promise<Registration[]> {
    const registrations = serviceLevel(await this.plugins.listByName(APPLICATION_REGISTRATION));
    const [services, auth] = await Promise.all([
      this.services.getManyByIds(registrations.map((p) => p.service_id!)),
      this.plugins.listByName(AUTH_PLUGIN),
    ]);
    const serviceById = new Map(services.map((s) => [s.id, s]));
    const authByService = new Map(serviceLevel(auth).map((p) => [p.service_id!, p.config]));
    return registrations
      .filter((p) => serviceById.has(p.service_id!))
      .map((p) => ({
        service: serviceById.get(p.service_id!)!,
        config: p.config as ApplicationRegistrationConfig,
        auth: authByService.get(p.service_id!) ?? null,
      }))
      .sort((a, b) => (a.service.id < b.service.id ? -1 : 1));
  }

  async of(serviceId: string): Promise<Registration | null> {
    return (await this.all()).find((r) => r.service.id === serviceId) ?? null;
  }
}

function serviceLevel(plugins: PluginEntity[]): PluginEntity[] {
  return plugins.filter((p) => p.enabled && p.service_id && !p.route_id);
}
