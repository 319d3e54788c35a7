// What the frameworks alone cost: the baseline's body served by bare Fastify, or by Nest on the Fastify adapter
// (one controller, no hooks, no cache), so the API's figures can be read against the floor they stand on.
// Usage (after npx nx run bench:build): node tools/bench/framework-floor.mjs raw|fastify|nest [port], then e.g.
//   wrk -t1 -c64 -d8s http://127.0.0.1:4501/subscribers/get-hot-0000001@example.com
import 'reflect-metadata';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mode = process.argv[2] ?? 'nest';
const port = Number(process.argv[3] ?? 4501);
// The baseline's body (built by `npx nx run bench:build`, which `npm run bench` runs too).
const { SUBSCRIBER_BODY: subscriber } = require('./dist/lib/subscriber-body.js');

if (mode === 'raw') {
  const body = Buffer.from(JSON.stringify(subscriber));
  createServer((request, response) => {
    request.resume();
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  }).listen(port, '127.0.0.1');
} else if (mode === 'fastify') {
  const fastify = require('fastify')();
  fastify.get('/subscribers/:email', async () => subscriber);
  await fastify.listen({ port, host: '127.0.0.1' });
} else if (mode === 'nest') {
  const { Controller, Get, Module, Param } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { FastifyAdapter } = require('@nestjs/platform-fastify');
  class SubscribersController {
    get() {
      return subscriber;
    }
  }
  Reflect.decorate(
    [Get(':email')],
    SubscribersController.prototype,
    'get',
    Object.getOwnPropertyDescriptor(SubscribersController.prototype, 'get'),
  );
  Param('email')(SubscribersController.prototype, 'get', 0);
  Reflect.decorate([Controller('subscribers')], SubscribersController);
  class FloorModule {}
  Reflect.decorate([Module({ controllers: [SubscribersController] })], FloorModule);
  const app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
  await app.listen(port, '127.0.0.1');
} else {
  console.error(`unknown mode ${mode}: raw, fastify or nest`);
  process.exit(2);
}
console.log(`${mode} on http://127.0.0.1:${port}`);
