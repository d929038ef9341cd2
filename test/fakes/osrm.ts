// A local fake of OSRM's HTTP route service, for tests: GET /route/v1/{profile}/{lng},{lat};{lng},{lat}[;...]
// ?overview=false -> { code: 'Ok', routes: [{ distance, duration, weight, weight_name, legs }], waypoints }.
// Distances are the haversine sum x `detour`, durations at `speedMps`. Failures follow OSRM's shape:
// 400 { code: 'InvalidQuery' | 'InvalidUrl', message }, 200 { code: 'NoRoute', message, routes: [] }.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type OsrmMode = 'normal' | 'noRoute' | 'http500' | 'hang' | 'garbage';

export interface FakeOsrm {
  baseUrl: string;
  mode: OsrmMode;
  /** Road distance = great-circle x this. */
  detour: number;
  speedMps: number;
  hangMs: number;
  requests: Array<{ path: string; query: string }>;
  close(): Promise<void>;
}

const R = 6371008.8;
function haversineM(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}

function parseCoords(text: string): Array<[number, number]> | null {
  const pts = text.split(';').map((p) => p.split(',').map(Number) as [number, number]);
  if (pts.length < 2 || pts.some((p) => p.length !== 2 || !p.every(Number.isFinite) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)) return null;
  return pts;
}

export async function startFakeOsrm(opts: Partial<Pick<FakeOsrm, 'detour' | 'speedMps' | 'hangMs'>> = {}): Promise<FakeOsrm> {
  const fake = { mode: 'normal', detour: opts.detour ?? 1.25, speedMps: opts.speedMps ?? 8, hangMs: opts.hangMs ?? 3000, requests: [] } as unknown as FakeOsrm;
  const timers = new Set<NodeJS.Timeout>();
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://osrm.local');
    fake.requests.push({ path: url.pathname, query: url.search });
    const m = /^\/route\/v1\/([a-z]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) return send(res, 400, { code: 'InvalidUrl', message: `URL string malformed close to position 1: "${url.pathname}"` });
    const pts = parseCoords(decodeURIComponent(m[2]));
    if (!pts) return send(res, 400, { code: 'InvalidQuery', message: 'Query string malformed close to position 0' });
    switch (fake.mode) {
      case 'http500': return send(res, 500, { code: 'InternalError', message: 'boom' });
      case 'noRoute': return send(res, 200, { code: 'NoRoute', message: 'Impossible route between points', routes: [] });
      case 'garbage': res.writeHead(200, { 'content-type': 'text/html' }); return res.end('<html>proxy error</html>');
      case 'hang': { const t = setTimeout(() => { timers.delete(t); send(res, 200, { code: 'Ok', routes: [] }); }, fake.hangMs); timers.add(t); return; }
    }
    const legs = pts.slice(1).map((p, i) => {
      const distance = haversineM(pts[i], p) * fake.detour;
      return { distance, duration: distance / fake.speedMps, weight: distance / fake.speedMps, summary: '', steps: [] };
    });
    const distance = legs.reduce((a, l) => a + l.distance, 0);
    const duration = legs.reduce((a, l) => a + l.duration, 0);
    send(res, 200, {
      code: 'Ok',
      routes: [{ distance, duration, weight: duration, weight_name: 'routability', legs }],
      waypoints: pts.map((p) => ({ hint: 'fake', distance: 0, name: '', location: p })),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
