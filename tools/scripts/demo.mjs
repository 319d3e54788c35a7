#!/usr/bin/env node
// `npm run demo`: realistic traffic into all five areas of a running Hotpath for a few minutes, so every chart
// of the dashboard has something to show. Bounded (a fixed rate and duration), prints its progress every few
// seconds, stops itself (or on Ctrl-C). The API address comes from the settings (.env: HOST, PORT).
//   npm run demo                      3 minutes at about 40 requests per second
//   npm run demo -- --minutes 1 --rate 20
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_EMAIL_DOMAIN, SEEDED_POLL } from '@hotpath/contracts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AREAS = ['subscribers', 'polls', 'payments', 'deliverability', 'analytics'];
const REPORT_EVERY_MS = 5000;
const MAX_MINUTES = 30;
const MAX_RATE = 200;

/** `--minutes N --rate N` with their bounds; anything else is refused with the usage line. */
export function parseArgs(argv) {
  const options = { minutes: 3, rate: 40 };
  for (let index = 0; index < argv.length; index += 2) {
    const name = argv[index]?.replace(/^--/, '');
    const value = Number(argv[index + 1]);
    if (!(name in options) || !Number.isFinite(value) || value <= 0) {
      throw new Error(`usage: npm run demo -- [--minutes 1..${MAX_MINUTES}] [--rate 1..${MAX_RATE}]`);
    }
    options[name] = value;
  }
  options.minutes = Math.min(options.minutes, MAX_MINUTES);
  options.rate = Math.min(Math.round(options.rate), MAX_RATE);
  return options;
}

/** The API's address from the same settings the API reads: HOST (a wildcard means this machine) and PORT. */
export function apiAddress(env) {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT ?? '3000'}`;
}

const pick = (items) => items[Math.floor(Math.random() * items.length)];
const chance = (share) => Math.random() < share;
// A small set of domains and users, so some become catch-alls and some users come back.
const DOMAINS = Array.from({ length: 40 }, (_, index) => `shop-${index}.demo-mail.example`);
const USERS = Array.from({ length: 300 }, (_, index) => `visitor-${index}`);
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP'];

function client(base, adminToken) {
  return async function call(method, path, body, admin = false) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(admin ? { Authorization: `Bearer ${adminToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, json: () => JSON.parse(text) };
  };
}

/** The phones poll (made by `npm run db:seed`), created here with the admin token if it is missing. */
async function phonesPoll(call) {
  const listed = await call('GET', '/polls?limit=100');
  const found = listed.status === 200 ? listed.json().data.find((poll) => poll.question === SEEDED_POLL.question) : undefined;
  if (found !== undefined) return found;
  const created = await call('POST', '/polls', SEEDED_POLL, true);
  if (created.status !== 201) throw new Error(`no phones poll and could not create one (HTTP ${created.status}): run npm run db:seed`);
  return created.json().data;
}

/** One request of an area, chosen the way real clients mix reads and writes. */
function requestOf(area, call, poll, run) {
  switch (area) {
    case 'subscribers': {
      if (chance(0.3) || run.emails.length === 0) {
        const email = `demo-${run.tag}-${run.created++}@${DEMO_EMAIL_DOMAIN}`;
        // Read back only once it exists: a read racing its own create would be a 404 no client makes.
        return call('POST', '/subscribers', { email, name: 'Demo', lastName: 'Visitor' }).then((answer) => {
          if (answer.status === 201) run.emails.push(email);
          return answer;
        });
      }
      return chance(0.8) ? call('GET', `/subscribers/${encodeURIComponent(pick(run.emails))}`) : call('GET', '/subscribers?limit=20');
    }
    case 'polls': {
      if (chance(0.15)) return call('GET', `/polls/${poll.id}`);
      const optionIds = poll.options.filter(() => chance(0.45)).map((option) => option.id);
      return call('POST', `/polls/${poll.id}/votes`, { optionIds: optionIds.length > 0 ? optionIds : [pick(poll.options).id] });
    }
    case 'payments':
      if (chance(0.25)) return call('GET', '/payments/statistics?currency=EUR');
      return call('POST', '/payments', { amount: (1 + Math.random() * 199).toFixed(2), currency: pick(CURRENCIES) });
    case 'deliverability': {
      if (chance(0.3)) return call('GET', `/domains/${pick(DOMAINS)}`);
      const domain = pick(DOMAINS);
      // Most domains only ever deliver; a few bounce now and then.
      const bounces = DOMAINS.indexOf(domain) % 5 === 0 && chance(0.05);
      const events = Array.from({ length: 25 }, () => ({ domain, type: bounces ? 'bounced' : 'delivered' }));
      return call('POST', '/events', events);
    }
    case 'analytics': {
      if (chance(0.2)) return call('GET', `/analytics?timestamp=${Date.now()}`);
      const kind = chance(0.15) ? 'click' : 'impression';
      return call('POST', `/analytics?timestamp=${Date.now()}&user=${pick(USERS)}&${kind}`);
    }
    default:
      throw new Error(`unknown area ${area}`);
  }
}

async function main() {
  const envFile = join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const options = parseArgs(process.argv.slice(2));
  const base = apiAddress(process.env);
  const call = client(base, process.env.ADMIN_TOKEN ?? '');
  try {
    const health = await call('GET', '/health/ready');
    if (health.status !== 200) throw new Error(`not ready (HTTP ${health.status})`);
  } catch (error) {
    throw new Error(`The API at ${base} does not answer (${error.message}). Start it first (npm start).`);
  }
  const poll = await phonesPoll(call);
  const run = { tag: Date.now().toString(36), created: 0, emails: [] };
  const counts = Object.fromEntries(AREAS.map((area) => [area, { ok: 0, failed: 0 }]));
  const endAt = Date.now() + options.minutes * 60_000;
  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
  });
  console.log(`Demo traffic to ${base}: ${options.rate} requests/s across ${AREAS.join(', ')} for ${options.minutes} min (Ctrl-C stops).`);

  const inFlight = new Set();
  const report = setInterval(() => {
    const left = Math.max(0, Math.round((endAt - Date.now()) / 1000));
    const line = AREAS.map((area) => `${area} ${counts[area].ok}${counts[area].failed > 0 ? ` (${counts[area].failed} failed)` : ''}`);
    console.log(`${String(left).padStart(4)} s left · ${line.join(' · ')}`);
  }, REPORT_EVERY_MS);

  let sent = 0;
  const started = Date.now();
  while (!stopping && Date.now() < endAt) {
    // Paced: the n-th request goes out at n / rate seconds; never more than 4 s of requests in flight.
    const due = started + (sent * 1000) / options.rate;
    if (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    if (inFlight.size >= options.rate * 4) {
      await Promise.race(inFlight);
      continue;
    }
    const area = AREAS[sent % AREAS.length];
    sent++;
    const request = requestOf(area, call, poll, run)
      .then((answer) => {
        counts[area][answer.status < 400 || answer.status === 409 ? 'ok' : 'failed']++;
      })
      .catch(() => {
        counts[area].failed++;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.allSettled([...inFlight]);
  clearInterval(report);
  const total = AREAS.reduce((sum, area) => sum + counts[area].ok, 0);
  const failed = AREAS.reduce((sum, area) => sum + counts[area].failed, 0);
  console.log(`Done: ${total} requests answered, ${failed} failed. Open the dashboard's overview to see them.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
