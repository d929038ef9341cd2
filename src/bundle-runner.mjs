// The run half of the precompiled server (see src/precompiled.ts for the why and the build half),
// in plain JavaScript so scripts/server.mjs can run a fresh bundle without loading tsx at all
// (registering tsx's loader alone costs ~0.25 s of every start). No TypeScript syntax here.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { applyV8Flags } from './platform/v8-flags.mjs';
import { pgliteWasmModule } from './platform/pglite-wasm.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** PEYK_PRECOMPILE_CACHE moves it (tests use their own). */
export const CACHE_DIR = path.resolve(process.env.PEYK_PRECOMPILE_CACHE || path.join(ROOT, 'node_modules', '.cache', 'peyk'));
export const BUNDLE = path.join(CACHE_DIR, 'server.cjs');
/** Bump when the build options change, so old bundles are rebuilt. */
export const FORMAT = 5;

/** The bundle's text when it is up to date and usable; null when up to date but unusable; undefined when stale. */
export function readFreshBundle() {
  const buf = readIfExists(BUNDLE);
  if (!buf) return undefined;
  const manifest = readManifest(buf.toString('utf8', 0, buf.indexOf(10) + 1));
  if (!manifest || manifest.format !== FORMAT || manifest.node !== process.version || !inputsUnchanged(manifest.inputs)) return undefined;
  return manifest.ok ? buf.toString(manifest.ascii ? 'latin1' : 'utf8') : null;
}

/** The manifest on the bundle's first line (format, node version, inputs with size and mtime). */
export function readManifest(text) {
  const firstLine = text.slice(0, text.indexOf('\n'));
  try {
    return firstLine.startsWith('//') ? JSON.parse(firstLine.slice(2)) : undefined;
  } catch {
    return undefined;
  }
}

function inputsUnchanged(inputs) {
  for (const [file, [size, mtimeMs]] of Object.entries(inputs)) {
    const st = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    if (st ? st.size !== size || st.mtimeMs !== mtimeMs : size !== -1) return false;
  }
  return true;
}

/**
 * Compiles and runs the bundle as a CommonJS module, with the V8 code cache when there is a valid
 * one; sets globalThis.__peykPrecompiled (the bundle's own main.ts then starts the server itself).
 */
export function runBundle(text, manifest) {
  applyV8Flags({ server: true }); // the code cache is only accepted under the flags it was made with
  if (!process.env.DATABASE_URL) void pgliteWasmModule(ROOT); // compiles in the background while the bundle loads
  const cacheFile = path.join(CACHE_DIR, `server.${manifest.id}.v8cache`);
  const cachedData = readIfExists(cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, {
    filename: BUNDLE, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cacheUsed = script.cachedDataRejected === false;
  globalThis.__peykPrecompiled = {
    saveCodeCache: cacheUsed ? undefined : () => {
      try {
        for (const f of fs.readdirSync(CACHE_DIR)) if (f.endsWith('.v8cache')) fs.rmSync(path.join(CACHE_DIR, f), { force: true });
        writeAtomically(cacheFile, script.createCachedData());
      } catch { /* only an optimisation */ }
    },
  };
  // Packages left outside the bundle resolve from the project, wherever the cache is.
  const mod = new Module(BUNDLE);
  mod.filename = BUNDLE;
  mod.paths = nodeModulePaths(ROOT);
  const projectRequire = createRequire(path.join(ROOT, 'package.json'));
  const bundleRequire = Object.assign((id) => requireExternal(id, projectRequire), projectRequire);
  script.runInThisContext()(mod.exports, bundleRequire, mod, BUNDLE, CACHE_DIR);
}

const nodeModulePaths = (dir) => Module._nodeModulePaths(dir);

/**
 * tsx transforms (and source-maps) a big CommonJS file again on every require: PGlite's 0.5 MB
 * index.cjs costs ~0.3 s of each start that way, ~0.02 s compiled as plain node does. So an
 * external that resolves to a .cjs file is compiled here, the way node's own loader would.
 */
function requireExternal(id, projectRequire) {
  if (Module.isBuiltin(id)) return projectRequire(id);
  const file = projectRequire.resolve(id);
  if (!file.endsWith('.cjs')) return projectRequire(id);
  const cache = Module._cache;
  if (cache[file]) return cache[file].exports;
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = nodeModulePaths(path.dirname(file));
  cache[file] = mod;
  const sourceMaps = process.sourceMapsEnabled;
  try {
    process.setSourceMapsEnabled(false); // the package's own map only adds parse time
    mod._compile(fs.readFileSync(file, 'utf8'), file);
    mod.loaded = true;
  } catch (err) {
    delete cache[file];
    throw err;
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
  return mod.exports;
}

export function readIfExists(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Write-then-rename, so a process starting at the same moment never reads half a file. */
export function writeAtomically(file, data) {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}
