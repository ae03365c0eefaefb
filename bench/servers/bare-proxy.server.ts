import http from 'node:http';
import type { OutgoingHttpHeaders } from 'node:http';
import { runServer } from './run-server';

/**
 * The Node ceiling: node:http in, http.request over a keep-alive agent out, both bodies streamed.
 * Only what any correct proxy must do (Host, hop-by-hop headers) and nothing a gateway adds.
 */
const upstream = new URL(process.argv[2] ?? '');
if (upstream.protocol !== 'http:') throw new Error('usage: bare-proxy.server.js http://127.0.0.1:<port>');

const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' });
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];

function withoutHopByHop<T extends OutgoingHttpHeaders>(headers: T): T {
  for (const name of HOP_BY_HOP) delete headers[name];
  return headers;
}

const server = http.createServer({ keepAlive: true }, (req, res) => {
  const headers = withoutHopByHop({ ...req.headers, host: upstream.host });
  // A chunked request stays chunked upstream: without a Content-Length, Node chooses chunked itself.
  const proxyReq = http.request(
    { agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
    (proxyRes) => {
      res.writeHead(proxyRes.statusCode ?? 502, withoutHopByHop({ ...proxyRes.headers }));
      proxyRes.pipe(res);
    },
  );
  proxyReq.on('error', () => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'Content-Type': 'application/json' }).end('{"message":"bad gateway"}');
  });
  req.pipe(proxyReq);
});

runServer('bare-proxy', server);
