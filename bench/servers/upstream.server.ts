import { createServer } from 'node:http';
import { runServer } from './run-server';
import { UPSTREAM_BODY } from './upstream-response';

const body = Buffer.from(UPSTREAM_BODY);
const headers = { 'Content-Type': 'application/json', 'Content-Length': String(body.length) };

// Answers only once the request body is consumed, as a real API does; a fixed body keeps the
// upstream's share of each request as small as possible.
const server = createServer({ keepAlive: true }, (req, res) => {
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
  req.resume();
});

runServer('upstream', server);
