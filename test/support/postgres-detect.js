// Plain JavaScript: jest.config.js reads it before any TypeScript transform exists.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const MISSING_POSTGRES_HINT = 'apt-get install -y postgresql';

/** Where initdb and pg_ctl live (Debian's versioned directory first), or null. */
function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = join(root, version, 'bin');
      if (existsSync(join(dir, 'initdb'))) return dir;
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.status === 0 ? which.stdout.trim() : '';
  return found ? found.replace(/\/initdb$/, '') : null;
}

function postgresRequired() {
  return (process.env.PORTICO_TEST_REQUIRE || '').split(',').map((s) => s.trim()).includes('postgres');
}

module.exports = { postgresBinDir, postgresRequired, MISSING_POSTGRES_HINT };
