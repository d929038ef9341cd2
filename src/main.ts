import { isPrecompiled, precompiledServerReady, runPrecompiled } from './precompiled.js';

/** Boot: config -> database (migrated, seeded) -> modules -> HTTP; graceful shutdown on signals. */
async function main() {
  // A fresh precompiled bundle of this same program starts ~1 s sooner than loading it through tsx;
  // so nothing else is imported statically here.
  if (await runPrecompiled()) return;
  (await import('./platform/v8-flags.mjs')).applyV8Flags({ server: true }); // through tsx, without a bundle (PEYK_PRECOMPILE=0)
  const started = performance.now();
  const [{ ConfigError, loadConfig }, { migrate, openDatabase }, { lockDataDir }] = await Promise.all([
    import('./config.js'), import('./platform/db.js'), import('./platform/data-dir-lock.js'),
  ]);
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
  // The database boots (PGlite runs ~0.5 s of WASM) while the app's modules load, so the two overlap.
  const databaseReady = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? null : `${config.dataDir}/db` })
    .then(async (db) => { await migrate(db); return db; });
  databaseReady.catch(() => undefined); // awaited just below; this only keeps an early failure from being "unhandled"
  const [{ buildApp }, { seedDemo, DEMO_ACCOUNTS }] = await Promise.all([import('./app.js'), import('./seed/demo-seed.js')]);
  const database = await databaseReady;
  const seeded = config.seed && config.demo ? await seedDemo(database.db) : false;
  const app = await buildApp({ config, database });
  await app.http.listen({ port: config.port, host: config.host });
  precompiledServerReady();
  const url = config.publicUrl;
  const ms = Math.round(performance.now() - started);
  const lines = [
    '',
    `  Peyk is running on ${url}  (${database.kind}${config.databaseUrl ? '' : ` in ${config.dataDir}`}, ${config.mode} mode, ready in ${ms} ms${isPrecompiled() ? ', precompiled' : ''})`,
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
