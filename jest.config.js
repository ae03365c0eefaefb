// Unit specs live beside the code (src/**/*.spec.ts); e2e specs under test/e2e drive the compiled
// gateway (dist/) as a child process, so `npm test` builds first.
// jose, openid-client and oauth4webapi ship ESM only; jest's CommonJS loader needs them transpiled.
const esmOnly = ['jose', 'openid-client', 'oauth4webapi'].join('|');
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly})/)`],
  testTimeout: 30000,
};
