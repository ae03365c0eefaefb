import { Injectable } from '@nestjs/common';
import { ApplicationAccessDirectory } from '../../applications/application-access.directory';
import type { PluginDefinition, PluginFactoryContext } from '../plugin-definition';
import { APPLICATION_REGISTRATION_PRIORITY, ApplicationRegistrationHandler } from './application-registration.handler';
import { APPLICATION_REGISTRATION, ApplicationRegistrationConfig, ApplicationRegistrationConfigSchema } from '../../applications/application-registration.schema';

/**
 * `application-registration` (SPEC §3.2): only applications approved for the service get through.
 * Its config also puts the service in the portal catalog.
 */
@Injectable()
export class ApplicationRegistrationPlugin implements PluginDefinition<ApplicationRegistrationConfig> {
  readonly name = APPLICATION_REGISTRATION;
  readonly priority = APPLICATION_REGISTRATION_PRIORITY;
  readonly scopes = ['service'] as const;
  readonly configSchema = ApplicationRegistrationConfigSchema;

  constructor(private readonly directory: ApplicationAccessDirectory) {}

  create(config: ApplicationRegistrationConfig, context: PluginFactoryContext) {
    return new ApplicationRegistrationHandler(config, context.serviceId!, (consumerId) => this.directory.forConsumer(consumerId));
  }
}
