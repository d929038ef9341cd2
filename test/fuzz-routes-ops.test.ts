// Route fuzzing as an ops admin (the customer half and the static checks: fuzz-routes.test.ts).
import { fuzzSuite } from './harness/fuzz-suite.js';

// Fewer runs per route than the customer half: ops routes are many and each reaches deeper.
fuzzSuite({ callers: ['opsAdmin'], staticChecks: false, runs: Number(process.env.PEYK_FUZZ_RUNS ?? 15) });
