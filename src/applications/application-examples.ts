/** Example answers for the API docs: one developer, their application and its access to a service. */
const T = 1795900000;
const DEVELOPER_ID = '313c1c5d-a49a-479d-b34d-54ef424a17bc';
const APPLICATION_ID = '4c2d4678-5ae0-4dac-9f2f-02dff5bbfab1';
export const EXAMPLE_SERVICE_ID = '1aff7a14-7974-4cb6-8e5e-beb373d17402';

export const DEVELOPER_EXAMPLE = {
  id: DEVELOPER_ID,
  email: 'ada@example.com',
  status: 1,
  custom_id: 'ada-1815',
  meta: { full_name: 'Ada Lovelace' },
  tags: ['partners'],
  created_at: T,
  updated_at: T,
};

export const APPLICATION_EXAMPLE = {
  id: APPLICATION_ID,
  name: 'Order tracker',
  custom_id: '0oa1b2c3d4',
  description: 'Tracks our orders',
  redirect_uri: 'https://tracker.example.com/callback',
  meta: { team: 'logistics' },
  developer: { id: DEVELOPER_ID },
  consumer: { id: 'bfa0726e-5431-492d-8042-4dee68674a35' },
  tags: ['logistics'],
  created_at: T,
  updated_at: T,
};

export const INSTANCE_EXAMPLE = {
  id: '9d1c6a52-3f4e-4f1b-8f0e-2a1f4c8b7d21',
  status: 1,
  suspended: false,
  application: { id: APPLICATION_ID },
  service: { id: EXAMPLE_SERVICE_ID },
  composite_id: `${EXAMPLE_SERVICE_ID}_${APPLICATION_ID}`,
  tags: ['logistics'],
  created_at: T,
  updated_at: T,
};

export const REGISTRATION_EXAMPLE = { display_name: 'Orders API', description: 'Place and track orders.', auto_approve: false, show_issuer: true, enable_proxy_with_consumer_credential: false };

export const CATALOG_ENTRY_EXAMPLE = {
  id: EXAMPLE_SERVICE_ID,
  name: 'Orders API',
  description: 'Place and track orders.',
  app_registration_config: REGISTRATION_EXAMPLE,
  auth_plugin_config: { auth_methods: ['bearer', 'client_credentials'], scopes_required: ['orders:read'], issuer: 'https://idp.example.com/oauth2/default' },
  proxy_paths: ['/orders'],
  instance: INSTANCE_EXAMPLE,
};

/** Fields requests carry that no answer shows. */
export const REQUEST_ONLY_EXAMPLE = { password: 'correct horse battery staple', url: 'http://orders.internal:8080/v1' };
