/**
 * Where the provider is: the browser's geolocation when the person allows it, else a demo
 * position that can drive itself towards the next stop ("simulate movement"). While online, new
 * points are sent to the server in small batches.
 */
import { useEffect, useRef, useState } from 'react';
import { stepTowards, type LatLng } from '../../components/map';
import { providerApi } from '../rides/rides-api';

export type PositionSource = 'pending' | 'gps' | 'demo';

/** Metres per simulated second: 90 km/h, well under the 200 km/h plausibility limit. */
const SIM_STEP_M = 25;
const SEND_EVERY_MS = 2000;

export interface PositionState {
  position: LatLng | null;
  source: PositionSource;
  simulate: boolean;
  setSimulate(on: boolean): void;
  /** Points the server refused as implausible (jumps), shown as a hint. */
  rejected: number;
}

export function useProviderPosition(opts: { online: boolean; start: LatLng | null; target: LatLng | null }): PositionState {
  const [position, setPosition] = useState<LatLng | null>(null);
  const [source, setSource] = useState<PositionSource>('pending');
  const [simulate, setSimulate] = useState(false);
  const [rejected, setRejected] = useState(0);
  const queue = useRef<Array<LatLng & { at: string }>>([]);
  const target = useRef(opts.target);
  target.current = opts.target;
  const current = useRef(position);
  current.current = position;

  // Ask the browser once; refuse, no answer in 4 s, or no API: demo position at the city centre.
  useEffect(() => {
    if (!navigator.geolocation) { setSource('demo'); return; }
    let watch: number | null = null;
    const fallback = window.setTimeout(() => setSource((s) => (s === 'pending' ? 'demo' : s)), 4000);
    navigator.geolocation.getCurrentPosition((p) => {
      window.clearTimeout(fallback);
      setSource('gps');
      setPosition({ lat: p.coords.latitude, lng: p.coords.longitude });
      watch = navigator.geolocation.watchPosition((q) => setPosition({ lat: q.coords.latitude, lng: q.coords.longitude }), () => undefined, { enableHighAccuracy: true });
    }, () => { window.clearTimeout(fallback); setSource('demo'); }, { timeout: 4000 });
    return () => { window.clearTimeout(fallback); if (watch !== null) navigator.geolocation.clearWatch(watch); };
  }, []);

  useEffect(() => {
    if (source === 'demo' && !position && opts.start) setPosition(opts.start);
  }, [source, opts.start?.lat, opts.start?.lng]);

  // Demo movement: one step a second towards the next stop.
  useEffect(() => {
    if (source !== 'demo' || !simulate) return;
    const timer = window.setInterval(() => {
      const to = target.current;
      if (to) setPosition((p) => (p ? stepTowards(p, to, SIM_STEP_M) : p));
    }, 1000);
    return () => window.clearInterval(timer);
  }, [source, simulate]);

  useEffect(() => {
    if (opts.online && position) queue.current.push({ ...position, at: new Date().toISOString() });
  }, [position?.lat, position?.lng, opts.online]);

  useEffect(() => {
    if (!opts.online) return;
    let quiet = 0;
    const timer = window.setInterval(() => {
      const points = queue.current.splice(0, queue.current.length);
      // Standing still still counts as being there: repeat the last point every 10 s.
      if (!points.length && current.current && ++quiet >= 5) points.push({ ...current.current, at: new Date().toISOString() });
      if (!points.length) return;
      quiet = 0;
      providerApi.locations(points).then((r) => { if (r?.rejected) setRejected((n) => n + r.rejected); }, () => undefined);
    }, SEND_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [opts.online]);

  return { position, source, simulate, setSimulate, rejected };
}
