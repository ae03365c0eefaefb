import { PorticoError } from '../../common/http-errors';
import type { ApplicationAccess } from '../../applications/application-access.directory';
import { Status } from '../../applications/status';
import type { ConsumerIdentity, PluginContext } from '../../pipeline-contract/plugin-context';
import { PLUGIN_PRIORITY } from '../../pipeline-contract/pipeline-order';
import type { PluginInstance } from '../plugin-definition';
import type { ApplicationRegistrationConfig } from '../../applications/application-registration.schema';

export const APPLICATION_REGISTRATION_PRIORITY = PLUGIN_PRIORITY['application-registration'];

export type AccessDecision = { allowed: true; applicationId: string | null } | { allowed: false; error: PorticoError };

const unauthorized = (reason: string): AccessDecision => ({
  allowed: false,
  error: new PorticoError(401, { message: 'Unauthorized' }, reason),
});
const forbidden = (reason: string): AccessDecision => ({
  allowed: false,
  error: new PorticoError(403, { message: 'You cannot consume this service' }, reason),
});

/**
 * SPEC §3.2 as a pure function. `access` is the application behind an application consumer (null for
 * other consumers, or when the application is gone).
 */
export function decideAccess(
  consumer: ConsumerIdentity | null,
  access: ApplicationAccess | null,
  serviceId: string,
  config: Pick<ApplicationRegistrationConfig, 'enable_proxy_with_consumer_credential'>,
): AccessDecision {
  if (!consumer) return unauthorized('no_consumer');
  if (consumer.type !== 'application') {
    return config.enable_proxy_with_consumer_credential ? { allowed: true, applicationId: null } : unauthorized('not_an_application');
  }
  if (!access) return forbidden('application_missing');
  const instance = access.instances.get(serviceId);
  if (!instance) return forbidden('no_access_requested');
  if (instance.status !== Status.APPROVED) return forbidden(`instance_status_${instance.status}`);
  if (instance.suspended) return forbidden('instance_suspended');
  if (access.developerStatus !== Status.APPROVED) return forbidden(`developer_status_${access.developerStatus}`);
  return { allowed: true, applicationId: access.applicationId };
}

/** Check-access stage: is the mapped application approved for this service? */
export class ApplicationRegistrationHandler implements PluginInstance {
  readonly name = 'application-registration';
  readonly priority = APPLICATION_REGISTRATION_PRIORITY;

  constructor(
    private readonly config: ApplicationRegistrationConfig,
    private readonly serviceId: string,
    private readonly lookup: (consumerId: string) => Promise<ApplicationAccess | null>,
  ) {}

  async checkAccess(ctx: PluginContext): Promise<void> {
    const consumer = ctx.consumer;
    const access = consumer?.type === 'application' ? await this.lookup(consumer.id) : null;
    const decision = decideAccess(consumer, access, this.serviceId, this.config);
    // Known even when refused, so the access log and metrics say which application was turned away.
    ctx.applicationId = decision.allowed ? decision.applicationId : (access?.applicationId ?? null);
    if (!decision.allowed) throw decision.error;
  }
}
