// Route fuzzing as a customer (plus the router and fingerprint checks); ops admin: fuzz-routes-ops.test.ts.
import { fuzzSuite } from './harness/fuzz-suite.js';

fuzzSuite({ callers: ['customerA'], staticChecks: true });
