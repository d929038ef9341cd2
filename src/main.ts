import { ConfigError, loadConfig } from './config.js';
import { migrate, openDatabase } from './platform/db.js';
import { lockDataDir } from './platform/data-dir-lock.js';
import { buildApp } from './app.js';
import { seedDemo, DEMO_ACCOUNTS } from './seed/demo-seed.js';

/** Boot: config -> database (migrated, seeded) -> modules -> HTTP; graceful shutdown on signals. */
async function main() {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  process.on('exit', unlock);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : `${config.dataDir}/db` });
  await migrate(database);
  const seeded = config.seed && config.demo ? await seedDemo(database.db) : false;
  const app = await buildApp({ config, database });
  await app.http.listen({ port: config.port, host: config.host });
  const url = config.publicUrl;
  const ms = Math.round(performance.now() - started);
  const lines = [
    '',
    `  Peyk is running on ${url}  (${database.kind}${config.databaseUrl ? '' : ` in ${config.dataDir}`}, ${config.mode} mode, ready in ${ms} ms)`,
    `  API docs: ${url}/docs`,
  ];
  if (config.demo) {
    lines.push(
      `  Sign in with any demo mobile number below; the code arrives in the demo SMS inbox: ${url}/demo/sms`,
      ...DEMO_ACCOUNTS.map((a) => `    ${a.mobile}  ${a.label.en}`),
    );
    if (seeded) lines.push('  (demo city Tabriz and demo accounts were created just now)');
  }
  console.log(lines.join('\n') + '\n');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.platform.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error && err.message.startsWith('Another Peyk process') ? err.message : err);
  process.exit(1);
});
