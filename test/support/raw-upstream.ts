import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What a raw upstream does with a connection once the first request bytes (given as latin1) arrive. */
export type Behaviour = (socket: Socket, attempt: number, request: string) => void;

/** A raw TCP upstream that counts requests and answers each as the test's `behaviour` says, framing bugs included. */
export class RawUpstream {
  attempts = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  private constructor(public behaviour: Behaviour) {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.once('close', () => this.sockets.delete(socket));
      socket.once('data', (data) => this.behaviour(socket, ++this.attempts, data.toString('latin1')));
    });
  }

  static async start(behaviour: Behaviour): Promise<RawUpstream> {
    const upstream = new RawUpstream(behaviour);
    await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
    return upstream;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => this.server.close(resolve));
  }
}
