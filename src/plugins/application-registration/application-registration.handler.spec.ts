import type { ApplicationAccess } from '../../applications/application-access.directory';
import type { ConsumerIdentity, PluginContext } from '../../pipeline-contract/plugin-context';
import { ApplicationRegistrationHandler, decideAccess } from './application-registration.handler';

const SERVICE_A = 'a0000000-0000-4000-8000-000000000000';
const SERVICE_B = 'b0000000-0000-4000-8000-000000000000';
const APP = 'app-1';

const appConsumer: ConsumerIdentity = { id: 'c-app', username: 'dev_app', custom_id: 'client-1', type: 'application', groups: [SERVICE_A] };
const plainConsumer: ConsumerIdentity = { id: 'c-plain', username: 'bob', custom_id: null, type: 'proxy', groups: [] };

function access(instances: Record<string, { status: number; suspended?: boolean }>, developerStatus = 0): ApplicationAccess {
  return {
    applicationId: APP,
    developerId: 'dev-1',
    developerStatus,
    instances: new Map(Object.entries(instances).map(([service, i]) => [service, { status: i.status, suspended: i.suspended ?? false }])),
  };
}

const CANNOT = { status: 403, body: { message: 'You cannot consume this service' } };
const UNAUTHORIZED = { status: 401, body: { message: 'Unauthorized' } };
const strict = { enable_proxy_with_consumer_credential: false };
const lenient = { enable_proxy_with_consumer_credential: true };

describe('application-registration decision', () => {
  it.each<[string, ConsumerIdentity | null, ApplicationAccess | null, typeof strict, object]>([
    ['approved instance, approved developer', appConsumer, access({ [SERVICE_A]: { status: 0 } }), strict, { allowed: true, applicationId: APP }],
    ['no consumer', null, null, strict, UNAUTHORIZED],
    ['no consumer, even when lenient', null, null, lenient, UNAUTHORIZED],
    ['plain consumer', plainConsumer, null, strict, UNAUTHORIZED],
    ['plain consumer when lenient', plainConsumer, null, lenient, { allowed: true, applicationId: null }],
    ['application whose row is gone', appConsumer, null, strict, CANNOT],
    ['approved for another service only', appConsumer, access({ [SERVICE_B]: { status: 0 } }), strict, CANNOT],
    ['pending', appConsumer, access({ [SERVICE_A]: { status: 1 } }), strict, CANNOT],
    ['rejected', appConsumer, access({ [SERVICE_A]: { status: 2 } }), strict, CANNOT],
    ['revoked', appConsumer, access({ [SERVICE_A]: { status: 3 } }), strict, CANNOT],
    ['approved but suspended', appConsumer, access({ [SERVICE_A]: { status: 0, suspended: true } }), strict, CANNOT],
    ['approved, developer pending', appConsumer, access({ [SERVICE_A]: { status: 0 } }, 1), strict, CANNOT],
    ['approved, developer revoked', appConsumer, access({ [SERVICE_A]: { status: 0 } }, 3), strict, CANNOT],
    ['approved, developer gone', appConsumer, access({ [SERVICE_A]: { status: 0 } }, -1), strict, CANNOT],
    ['lenient still checks applications', appConsumer, access({ [SERVICE_A]: { status: 1 } }), lenient, CANNOT],
  ])('%s', (_name, consumer, acc, config, expected) => {
    const decision = decideAccess(consumer, acc, SERVICE_A, config);
    expect(decision.allowed ? decision : { status: decision.error.status, body: decision.error.body }).toEqual(expected);
  });

  it('ignores the consumer ACL groups: the instance decides', () => {
    const noGroups = { ...appConsumer, groups: [] };
    expect(decideAccess(noGroups, access({ [SERVICE_A]: { status: 0 } }), SERVICE_A, strict).allowed).toBe(true);
    expect(decideAccess(appConsumer, access({ [SERVICE_A]: { status: 3 } }), SERVICE_A, strict).allowed).toBe(false);
  });
});

describe('ApplicationRegistrationHandler', () => {
  const config = { display_name: 'A', description: null, auto_approve: false, show_issuer: false, enable_proxy_with_consumer_credential: false };

  it('sets the application id for the upstream and looks up only application consumers', async () => {
    const lookup = jest.fn(async () => access({ [SERVICE_A]: { status: 0 } }));
    const handler = new ApplicationRegistrationHandler(config, SERVICE_A, lookup);
    const ctx = { consumer: appConsumer, applicationId: null } as PluginContext;
    await handler.checkAccess(ctx);
    expect(ctx.applicationId).toBe(APP);
    expect(lookup).toHaveBeenCalledWith('c-app');

    lookup.mockClear();
    await expect(handler.checkAccess({ consumer: plainConsumer, applicationId: null } as PluginContext)).rejects.toMatchObject({ status: 401 });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('denies with the decision error, naming the refused application for the access log and metrics', async () => {
    const handler = new ApplicationRegistrationHandler(config, SERVICE_B, async () => access({ [SERVICE_A]: { status: 0 } }));
    const ctx = { consumer: appConsumer, applicationId: null } as PluginContext;
    await expect(handler.checkAccess(ctx)).rejects.toMatchObject({ status: 403, body: { message: 'You cannot consume this service' } });
    // Issue 11: a refused request is never forwarded, so this reaches no upstream header, only the log line.
    expect(ctx.applicationId).toBe(APP);
  });

  it('leaves the application unset when the consumer is no application', async () => {
    const handler = new ApplicationRegistrationHandler(config, SERVICE_B, async () => null);
    const ctx = { consumer: plainConsumer, applicationId: null } as PluginContext;
    await expect(handler.checkAccess(ctx)).rejects.toMatchObject({ status: 401 });
    expect(ctx.applicationId).toBeNull();
  });
});
