#!/usr/bin/env node
// The server process `npm start` runs. A fresh precompiled bundle of src/main.ts (see
// src/precompiled.ts) runs directly, without loading tsx; otherwise the server starts through tsx,
// whose main.ts builds the bundle for next time and runs it. PEYK_PRECOMPILE=0: always tsx.
import { readFreshBundle, readManifest, runBundle } from '../src/bundle-runner.mjs';

function runFresh() {
  if (process.env.PEYK_PRECOMPILE === '0') return false;
  try {
    const text = readFreshBundle();
    if (!text) return false;
    runBundle(text, readManifest(text));
    return true;
  } catch (err) {
    // main.ts tries again through tsx and marks a bundle that cannot load as unusable.
    globalThis.__peykPrecompiled = undefined;
    console.warn(`The precompiled server did not load (${err.message}); starting through tsx`);
    return false;
  }
}

if (!runFresh()) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
