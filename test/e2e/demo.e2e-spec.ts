import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';

/**
 * `npm run demo` while `npm start` (or anything else) holds Kong's proxy port: the demo must move every
 * listener to free ports by itself, seed, pass its own self-check and print commands that use the
 * ports it chose. The demo always runs on in-memory SQLite, so the postgres project has nothing to add.
 */
const onSqlite = process.env.PORTICO_TEST_DB === 'postgres' ? describe.skip : describe;

const DEMO_SCRIPT = join(__dirname, '..', '..', 'dist', 'demo', 'run.js');
const KONG_PROXY_PORT = 8000;

/** Holds 127.0.0.1:8000, or returns null when something else already holds it (just as good here). */
function holdPort(port: number): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** The demo's environment: the caller's, without any PORTICO_* setting (those would pin its ports or database). */
function demoEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PORTICO_')));
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo printed no ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code} before printing ${pattern}:\n${output}`));
    });
  });
}

onSqlite('npm run demo next to a running gateway', () => {
  let holder: Server | null = null;
  let demo: ChildProcess | undefined;

  afterAll(async () => {
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
    await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  });

  it('moves to free ports when Kong’s proxy port is taken, seeds, self-checks and prints the ports it chose', async () => {
    holder = await holdPort(KONG_PROXY_PORT);
    demo = spawn(process.execPath, [DEMO_SCRIPT], { env: demoEnv(), stdio: ['ignore', 'pipe', 'pipe'] });

    // The command list is printed only after the seed and the self-check passed (a failure exits 1).
    const output = await waitForOutput(demo, /Portico is running:.*\n/, 90_000);
    expect(output).toContain('a default port is taken; using free ports instead');
    const proxy = /proxy (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
    const admin = /admin (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
    expect(proxy).not.toBeNull();
    expect(Number(proxy![2])).not.toBe(KONG_PROXY_PORT);

    // The printed addresses are the live ones.
    const status = await fetch(`${admin![1]}/status`);
    expect(status.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => demo!.once('exit', (code) => resolve(code)));
    demo.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 120_000);
});
