// Unit specs live beside the code (src/**/*.spec.ts); e2e specs under test/e2e drive the compiled
// gateway (dist/) as a child process, so `npm test` builds first.
// Two projects over the same e2e files: `sqlite` (with the unit specs) and `postgres` (every e2e spec
// again, each Portico on a fresh database of one throwaway cluster, plus the multi-node specs).
const { postgresBinDir, postgresRequired, MISSING_POSTGRES_HINT } = require('./test/support/postgres-detect.js');

// jose, openid-client and oauth4webapi ship ESM only; jest's CommonJS loader needs them transpiled.
const esmOnly = ['jose', 'openid-client', 'oauth4webapi'].join('|');
const common = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': 'ts-jest',
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly})/)`],
};

const sqlite = {
  ...common,
  displayName: 'sqlite',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/postgres/'],
};

const postgres = {
  ...common,
  displayName: 'postgres',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e-spec.ts'],
  setupFiles: ['<rootDir>/test/support/postgres.setup-env.ts'],
  globalSetup: '<rootDir>/test/support/postgres.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres.global-teardown.ts',
};

const projects = [sqlite];
if (postgresBinDir() || postgresRequired()) {
  projects.push(postgres);
} else {
  process.stderr.write(
    `\n*** SKIPPED: every PostgreSQL test (the postgres jest project: all e2e specs on PostgreSQL and the multi-node specs).\n` +
      `*** PostgreSQL is not installed. Install it with: ${MISSING_POSTGRES_HINT}\n` +
      `*** (set PORTICO_TEST_REQUIRE=postgres to make this a failure)\n\n`,
  );
}

module.exports = { projects, testTimeout: 30000 };
