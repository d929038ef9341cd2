import path from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { buildApp, type App } from '../../src/app.js';
import { seedDemo } from '../../src/seed/demo-seed.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  app: App;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real server, listening on a random local port, on a fresh seeded PGlite database, serving
 * the built web app, with the outbox worker running (so SMS land in the demo inbox as in `npm start`).
 */
export async function startTestServer(): Promise<TestServer> {
  const db = await createTestDatabase('pglite');
  await seedDemo(db.db);
  // The app must know its public address (gateway callbacks, sandbox page, SMS links), so the
  // port is chosen before the app is built.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ PEYK_WEB_DIST: WEB_DIST, LOG_LEVEL: 'silent', PEYK_DATA_DIR: '/nonexistent', PUBLIC_URL: url });
  const app = await buildApp({ config, database: db, workers: true });
  await app.http.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A port nobody listens on right now (asked of the OS, then released for the app to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
