import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApplicationCatalogService, Registration } from '../applications/application-catalog.service';
import { ApplicationInstancesRepository } from '../applications/application-instances.repository';
import type { ApplicationInstanceEntity } from '../applications/application-instance.entity';
import { instanceJson } from '../applications/application.views';
import { ApplicationsRepository } from '../applications/applications.repository';
import { RoutesRepository } from '../gateway/routes.repository';
import type { DeveloperEntity } from '../applications/developer.entity';
import { CurrentDeveloper } from './current-developer';
import { DocPortal, NOT_FOUND, NOT_LOGGED_IN } from './portal-docs';
import { portalPage } from './portal-page';

/** What a developer needs to obtain a token for the service; the issuer only when the owner shows it. */
function catalogEntry({ service, config, auth }: Registration, proxyPaths: string[]) {
  return {
    id: service.id,
    name: config.display_name,
    description: config.description,
    app_registration_config: config,
    auth_plugin_config: auth && {
      auth_methods: auth.auth_methods ?? null,
      scopes_required: auth.scopes_required ?? null,
      ...(config.show_issuer ? { issuer: auth.issuer } : {}),
    },
    /** Where the proxy serves it (its routes' plain paths), for the "how to call it" examples. */
    proxy_paths: proxyPaths,
  };
}

@ApiTags('catalog')
@NOT_LOGGED_IN
@Controller('application_services')
export class ApplicationServicesController {
  constructor(
    private readonly catalog: ApplicationCatalogService,
    private readonly applications: ApplicationsRepository,
    private readonly instances: ApplicationInstancesRepository,
    private readonly routes: RoutesRepository,
  ) {}

  @Get()
  @DocPortal('The services you can request access to', {
    description: 'Every service with an application-registration plugin, with the proxy paths of its routes. With `app_id`, each entry carries that application\'s `instance` (null when none).',
  })
  @ApiQuery({ name: 'app_id', required: false, description: 'One of your applications.' })
  @ApiQuery({ name: 'size', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @NOT_FOUND
  async list(@CurrentDeveloper() developer: DeveloperEntity, @Query() query: Record<string, unknown>) {
    const registrations = await this.catalog.all();
    const rows = registrations.map((r) => ({ id: r.service.id, registration: r }));
    const paths = await this.routes.plainPathsByService(rows.map((r) => r.id));
    const entry = (r: (typeof rows)[number]) => catalogEntry(r.registration, paths.get(r.id) ?? []);
    if (typeof query.app_id !== 'string') return portalPage(rows, query, '/application_services', entry);

    const application = await this.applications.getOwnOrFail(developer.id, query.app_id);
    const byService = new Map<string, ApplicationInstanceEntity>(
      (await this.instances.allOfApplications([application.id])).map((i) => [i.service_id, i]),
    );
    const basePath = `/application_services?app_id=${encodeURIComponent(application.id)}`;
    return portalPage(rows, query, basePath, (r) => {
      const instance = byService.get(r.id);
      return { ...entry(r), instance: instance ? instanceJson(instance) : null };
    });
  }
}
