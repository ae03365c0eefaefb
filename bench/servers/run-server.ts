import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Idle keep-alive sockets live longer than any pause between measurements, so no run starts by reconnecting. */
export const KEEP_ALIVE_MS = 120_000;

/**
 * Runs one of the bench's own servers as a child process: listens on a random loopback port, prints
 * `<name>: listening on <url>` for the parent, and exits when the parent stops it or goes away.
 */
export function runServer(name: string, server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`${name}: listening on http://127.0.0.1:${port}\n`);
  });
  const exit = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1_000).unref();
  };
  process.on('SIGTERM', exit);
  process.on('SIGINT', exit);
  // The parent holds our stdin open; its end means the bench is gone, however it ended.
  process.stdin.on('end', exit);
  process.stdin.on('error', exit);
  process.stdin.resume();
}
