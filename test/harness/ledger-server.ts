// A Peyk server in its own process for the ledger crash test (test/ledger-crash.test.ts): the
// real app (config, PostgreSQL from DATABASE_URL, every module and route) listening on PORT, with
// no demo seed and no web app. Printing "ready" tells the parent it listens.
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/platform/db.js';

const config = loadConfig({ ...process.env, PEYK_SEED: 'false', PEYK_WEB_DIST: '/nonexistent', HOST: '127.0.0.1' });
if (!config.databaseUrl) throw new Error('DATABASE_URL is required');
const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 20 });
const app = await buildApp({ config, database, logger: pino({ level: 'silent' }), workers: false });
await app.http.listen({ port: config.port, host: config.host });
process.stdout.write('ready\n');
