// Run by test/pglite-client.test.ts in a process of its own (node:test's async hooks track every
// promise, which would be measured too): how many bytes allocated while 20,000 statements run
// through PgliteFastClient outlive the young generation. Prints one JSON line.
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { PGlite } from '@electric-sql/pglite';
import { PgliteFastClient } from '../../src/platform/pglite-client.js';

const pg = await PGlite.create();
const fast = new PgliteFastClient(pg, 500, false); // as the server opens it (src/platform/db.ts)
await fast.query('CREATE TABLE t (id text PRIMARY KEY, n int)');
await fast.query("INSERT INTO t SELECT 'k' || g, g FROM generate_series(1, 100) g");
const statement = (i: number) => fast.query('SELECT n FROM t WHERE id = $1', [`k${1 + (i % 100)}`]);
for (let i = 0; i < 2000; i++) await statement(i);

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
const statements = 20_000;
// One at a time, and four at once (queued behind each other on the connection).
for (let i = 0; i < statements / 2; i++) await statement(i);
for (let i = 0; i < statements / 2; i += 4) await Promise.all([0, 1, 2, 3].map((k) => statement(i + k)));
// What is still in the young generation at the end is not counted: two minor GCs collect it.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (o: { type: 'minor' }) => void;
gc({ type: 'minor' });
gc({ type: 'minor' });
const { profile } = await session.post('HeapProfiler.stopSampling');
type Node = { selfSize: number; children: Node[] };
const total = (n: Node): number => n.selfSize + n.children.reduce((a, c) => a + total(c), 0);
console.log(JSON.stringify({ statements, bytes: total(profile.head as Node) }));
session.disconnect();
await pg.close();
