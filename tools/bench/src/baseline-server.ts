import { createServer } from 'node:http';
import { SUBSCRIBER_BODY } from './lib/subscriber-body';

/**
 * The baseline: raw node:http, no framework, answering every request with a fixed body shaped and sized
 * like one subscriber from GET /subscribers/:email. Forked by the runner; reports its port over IPC.
 */
const BODY = Buffer.from(JSON.stringify(SUBSCRIBER_BODY));

const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': BODY.length,
  });
  response.end(BODY);
});

server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address !== null) process.send?.({ port: address.port });
});

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
