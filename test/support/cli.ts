import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testDatabaseUrl } from './portico';

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');

/**
 * Runs `portico <args>` to completion with only the given variables (and PATH). The database URL is
 * mapped like Portico.start maps it, so in the `postgres` jest project a CLI import and a gateway
 * started on the same `sqlite:PATH` meet in the same PostgreSQL database.
 */
export async function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const vars: Record<string, string> = { PATH: process.env.PATH ?? '', ...env };
  if (vars.PORTICO_DATABASE_URL) vars.PORTICO_DATABASE_URL = await testDatabaseUrl(vars.PORTICO_DATABASE_URL);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: vars, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`portico ${args.join(' ')} did not finish:\n${stdout}${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
