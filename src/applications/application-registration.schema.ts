import { Static, Type } from '@sinclair/typebox';
import { nullable } from '../common/kong-schema';

export const APPLICATION_REGISTRATION = 'application-registration';

export const ApplicationRegistrationConfigSchema = Type.Object(
  {
    display_name: Type.String({ minLength: 1, maxLength: 255, description: 'Name of the service in the developer portal catalog.' }),
    description: nullable(Type.String({ maxLength: 4096, description: 'Description shown in the catalog.', default: null })),
    auto_approve: Type.Boolean({
      default: false,
      description: 'Access requests are approved at once (status 0) instead of waiting for an administrator (status 1).',
    }),
    show_issuer: Type.Boolean({ default: false, description: "Show the openid-connect plugin's issuer URL in the catalog." }),
    enable_proxy_with_consumer_credential: Type.Boolean({
      default: false,
      description: 'Also let through consumers that are not applications (authenticated by other means).',
    }),
  },
  { additionalProperties: false },
);

export type ApplicationRegistrationConfig = Static<typeof ApplicationRegistrationConfigSchema>;
