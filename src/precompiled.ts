import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { BUNDLE, FORMAT, ROOT, readFreshBundle, readManifest, runBundle, writeAtomically, type Manifest } from './bundle-runner.mjs';

/*
 * Boot speed. Under `node --import tsx src/main.ts` every module of the server's
 * ~850-file graph, node_modules included, passes through tsx's loader hooks: about 1 s of CPU on
 * each start. A precompiled CommonJS bundle of the same program, compiled by V8 directly (outside
 * the hooks, with a V8 code cache), loads in about 0.1 s. The bundle lives in
 * node_modules/.cache/peyk/ with a manifest of every file esbuild read (size + mtime); a change to
 * any of them, to the installed packages or to node makes it stale, and the next start rebuilds it
 * first (about as long as one start through tsx). Not used by the tsx CLI (`npm run dev`), so stack
 * traces there point at the sources; PEYK_PRECOMPILE=0 turns it off. Whatever goes wrong here, the
 * server starts the plain tsx way. `npm start` runs scripts/server.mjs, which runs a fresh bundle
 * without tsx (src/bundle-runner.mjs) and comes here through tsx only to build a stale one.
 */

interface Running {
  /** Writes the V8 code cache once the server is up (it then holds the functions boot compiled). */
  saveCodeCache?: () => void;
}

declare global {
  // Set while the bundle runs, so its own copy of main.ts does not hand over again.
  var __peykPrecompiled: Running | undefined;
}

const ENTRY = 'src/main.ts';
/**
 * Loaded from node_modules at run time, not bundled: the builder itself, native code (argon2, pg's
 * optional binding), and PGlite (top-level await and WASM files found through import.meta).
 * A bundled package that calls require.resolve is added to these automatically.
 */
const EXTERNAL = ['esbuild', '@electric-sql/pglite', '@node-rs/argon2', 'pg', 'pg-native'];
/** Would resolve against the bundle's folder, not the package's own. */
const RESOLVES_ITSELF = /\brequire\.resolve\b/;

/**
 * Runs the server from the precompiled bundle, building it first when it is stale. Returns false
 * when the caller should start the plain way (turned off, inside the bundle, or not possible).
 */
export async function runPrecompiled(): Promise<boolean> {
  if (globalThis.__peykPrecompiled || process.env.PEYK_PRECOMPILE === '0' || runByTsxCli()) return false;
  let text: string | null | undefined;
  try {
    text = readFreshBundle();
    if (text === undefined) text = await buildBundle();
  } catch (err) {
    console.warn(`Precompiling the server failed, starting it through tsx: ${(err as Error).message}`);
    return false;
  }
  if (!text) return false;
  const manifest = readManifest(text)!;
  try {
    runBundle(text, manifest);
    return true;
  } catch (err) {
    // A bundle that cannot even load is not trusted again until its inputs change.
    globalThis.__peykPrecompiled = undefined;
    writeManifestOnly({ ...manifest, ok: false, reason: `failed to load: ${(err as Error).message}` });
    console.warn(`The precompiled server failed to load, starting it through tsx: ${(err as Error).message}`);
    return false;
  }
}

/** Whether this process runs from the bundle. */
export function isPrecompiled(): boolean {
  return globalThis.__peykPrecompiled !== undefined;
}

/** Called by main once the server listens: keeps the code V8 compiled during boot for next time. */
export function precompiledServerReady(): void {
  const save = globalThis.__peykPrecompiled?.saveCodeCache;
  if (save) setImmediate(save);
}

/** `tsx src/main.ts` / `tsx watch` (npm run dev) start node with tsx's preflight script. */
function runByTsxCli(): boolean {
  return process.execArgv.some((a) => a.includes('preflight'));
}

/** Bundles src/main.ts with its packages; returns the bundle's text, or null when it cannot be bundled safely. */
async function buildBundle(): Promise<string | null> {
  const esbuild = await import('esbuild');
  const startedMs = Date.now();
  const external = [...EXTERNAL];
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await esbuild.build({
      absWorkingDir: ROOT, entryPoints: [ENTRY], outfile: BUNDLE, write: false, metafile: true, logLevel: 'silent',
      bundle: true, platform: 'node', format: 'cjs', target: `node${process.versions.node.split('.')[0]}`,
      // import() of an external becomes require(): V8 drops vm's dynamic-import hook from code-cached
      // functions. No keepNames: it wraps every closure created per request (pino's redaction) in a defineProperty.
      external, plugins: [keepOwnLocation], supported: { 'dynamic-import': false },
    });
    const code = result.outputFiles![0].text;
    const selfResolving = packageUsing(code, RESOLVES_ITSELF);
    if (selfResolving) {
      external.push(selfResolving);
      continue;
    }
    // Besides what esbuild read: its settings, and the installed packages as a whole (npm rewrites these on every install).
    const inputs = [...Object.keys(result.metafile!.inputs), 'tsconfig.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'];
    const id = `${Date.now().toString(36)}${process.pid.toString(36)}`;
    const manifest: Manifest = { format: FORMAT, node: process.version, id, ok: true, inputs: fileStamps(inputs) };
    // A file saved while esbuild ran may be in the bundle in its old form: do not keep that bundle.
    if (Object.values(manifest.inputs).some(([, mtimeMs]) => mtimeMs >= startedMs - 5)) return null;
    const importMeta = result.warnings.find((w) => w.text.includes('import.meta'));
    if (importMeta) {
      writeManifestOnly({ ...manifest, ok: false, reason: `${importMeta.location?.file} uses import.meta in a way the bundle cannot keep` });
      return null;
    }
    const ascii = asciiOnly(code);
    if (ascii !== null) manifest.ascii = true;
    const text = `//${JSON.stringify(manifest)}\n${ascii ?? code}`;
    writeAtomically(BUNDLE, text);
    return text;
  }
  return null;
}

/**
 * The bundle with every non-ASCII character written as a \\u escape, or null when that would change
 * its meaning (a character right after a backslash). esbuild escapes strings itself but leaves a few
 * characters in comments and regular-expression literals (Persian digits, say). All-ASCII text loads
 * as a one-byte string: decoded twice as fast as UTF-8 and hashed by V8 at half the size (~40 ms of
 * each start).
 */
export function asciiOnly(code: string): string | null {
  if (/\\[^\x00-\x7f]/.test(code)) return null;
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Every bundled file keeps its own location: import.meta.url (db.ts finds migrations/ with it),
 * __dirname and __filename (packages serve or read files next to their sources) are written in
 * as the original file's values.
 */
const keepOwnLocation: Plugin = {
  name: 'keep-own-location',
  setup(build) {
    build.onLoad({ filter: /\.(ts|js|cjs|mjs)$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const usesMeta = source.includes('import.meta');
      const usesDir = /\b__(dirname|filename)\b/.test(source) && !/\b(var|let|const|function)\s+__(dirname|filename)\b/.test(source);
      if (!usesMeta && !usesDir) return undefined;
      let contents = usesMeta ? source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path)) : source;
      if (usesDir) {
        // After a shebang and a "use strict" directive, which must stay first to mean anything.
        const prologue = /^(#![^\n]*\n)?(?:(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use strict\2;?)?/.exec(contents)![0];
        const location = `;var __dirname = ${JSON.stringify(path.dirname(args.path))}, __filename = ${JSON.stringify(args.path)};`;
        contents = prologue + location + contents.slice(prologue.length);
      }
      return { contents, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
    });
  },
};

function fileStamps(files: string[]): Manifest['inputs'] {
  const stamps: Manifest['inputs'] = {};
  for (const file of files) {
    const st = fs.statSync(path.join(ROOT, file), { throwIfNoEntry: false });
    stamps[file] = st ? [st.size, st.mtimeMs] : [-1, -1];
  }
  return stamps;
}

/** The first bundled package (from esbuild's "// node_modules/..." markers) whose code matches `pattern`. */
function packageUsing(code: string, pattern: RegExp): string | undefined {
  for (const match of code.matchAll(new RegExp(pattern, 'g'))) {
    const marker = code.lastIndexOf('\n// ', match.index);
    const file = marker < 0 ? '' : code.slice(marker + 4, code.indexOf('\n', marker + 1));
    if (!file.startsWith('node_modules/')) continue;
    const parts = file.split('/');
    return parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
  }
  return undefined;
}

function writeManifestOnly(manifest: Manifest): void {
  try {
    writeAtomically(BUNDLE, `//${JSON.stringify(manifest)}\n`);
  } catch { /* the cache is an optimisation; a read-only node_modules just means no bundle */ }
}
