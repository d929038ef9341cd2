/**
 * A Leaflet map that works without any tile server: a drawn grid is always underneath, and map tiles
 * are added on top only when a tile URL is configured (VITE_MAP_TILE_URL at build time, or
 * localStorage "peyk.mapTiles" on one device). Pins are HTML labels, so they need no image files.
 */
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export interface LatLng { lat: number; lng: number }

export type PinKind = 'origin' | 'destination' | 'stop' | 'provider' | 'order' | 'me' | 'idle' | 'busy';

export interface MapPin extends LatLng {
  id: string;
  kind: PinKind;
  /** Short text on the pin (already translated). */
  label?: string;
  /** Longer text for the tooltip and screen readers. */
  title?: string;
}

export interface MapLine { id: string; points: LatLng[]; dashed?: boolean }

interface MapViewProps {
  center: LatLng;
  zoom?: number;
  pins?: MapPin[];
  lines?: MapLine[];
  /** Called with the tapped point; makes the map a picker. */
  onTap?(point: LatLng): void;
  /** Fit the view to the pins whenever this value changes. */
  fitKey?: string;
  label: string;
  className?: string;
}

const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {};

/** The configured tile URL template ({z}/{x}/{y}), or null for the grid only. */
export function tileUrl(): string | null {
  let local: string | null = null;
  try { local = localStorage.getItem('peyk.mapTiles'); } catch { /* storage blocked: use the build value */ }
  const url = local ?? env.VITE_MAP_TILE_URL ?? '';
  return url.trim() ? url.trim() : null;
}

/** A plain grid drawn on canvas per tile: the map stays usable and pannable with no network. */
const GridLayer = L.GridLayer.extend({
  createTile(coords: L.Coords) {
    const tile = document.createElement('canvas');
    const size = (this as L.GridLayer).getTileSize();
    tile.width = size.x;
    tile.height = size.y;
    const ctx = tile.getContext('2d')!;
    ctx.fillStyle = (coords.x + coords.y) % 2 === 0 ? '#eef3f1' : '#e9efed';
    ctx.fillRect(0, 0, size.x, size.y);
    ctx.strokeStyle = '#d5dfdb';
    ctx.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const p = (size.x / 4) * i + 0.5;
      ctx.beginPath(); ctx.moveTo(p, 0); ctx.lineTo(p, size.y); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(0, p); ctx.lineTo(size.x, p); ctx.stroke();
    }
    ctx.strokeStyle = '#c3d0cb';
    ctx.strokeRect(0.5, 0.5, size.x - 1, size.y - 1);
    return tile;
  },
});

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function pinIcon(pin: MapPin): L.DivIcon {
  const label = pin.label ? `<span class="map-pin-label" dir="auto">${escapeHtml(pin.label)}</span>` : '';
  return L.divIcon({
    className: `map-pin map-pin-${pin.kind}`,
    html: `<span class="map-pin-dot"></span>${label}`,
    iconSize: [0, 0],
  });
}

export function MapView({ center, zoom = 13, pins = [], lines = [], onTap, fitKey, label, className }: MapViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const tap = useRef(onTap);
  tap.current = onTap;

  useEffect(() => {
    const m = L.map(box.current!, { center: [center.lat, center.lng], zoom, attributionControl: false, zoomControl: true });
    new (GridLayer as unknown as typeof L.GridLayer)({ tileSize: 256 }).addTo(m);
    const url = tileUrl();
    if (url) L.tileLayer(url, { maxZoom: 19 }).addTo(m);
    layer.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => tap.current?.({ lat: round(e.latlng.lat), lng: round(e.latlng.lng) }));
    map.current = m;
    // The container may get its size after first paint (cards, fonts): measure again.
    const resize = new ResizeObserver(() => m.invalidateSize());
    resize.observe(box.current!);
    return () => { resize.disconnect(); m.remove(); map.current = null; };
  }, []);

  useEffect(() => {
    const group = layer.current;
    if (!group) return;
    group.clearLayers();
    for (const line of lines) {
      if (line.points.length < 2) continue;
      L.polyline(line.points.map((p) => [p.lat, p.lng] as L.LatLngTuple), { color: '#0f766e', weight: 4, opacity: 0.8, dashArray: line.dashed ? '6 8' : undefined, interactive: false }).addTo(group);
    }
    for (const pin of pins) {
      L.marker([pin.lat, pin.lng], { icon: pinIcon(pin), keyboard: false, title: pin.title ?? pin.label ?? '', interactive: !!pin.title, zIndexOffset: pin.kind === 'provider' ? 500 : 0 }).addTo(group);
    }
  }, [pins, lines]);

  useEffect(() => {
    const m = map.current;
    if (!m || fitKey === undefined) return;
    if (pins.length === 1) m.setView([pins[0].lat, pins[0].lng], Math.max(m.getZoom(), 14));
    if (pins.length > 1) m.fitBounds(L.latLngBounds(pins.map((p) => [p.lat, p.lng] as L.LatLngTuple)), { padding: [48, 48], maxZoom: 16 });
  }, [fitKey]);

  return (
    <div className={['map', onTap ? 'map-picker' : '', className ?? ''].join(' ')} dir="ltr">
      <div ref={box} className="map-canvas" role="application" aria-label={label} />
    </div>
  );
}

/** Six decimals are about 10 cm: plenty for a pickup point, and stable in URLs and tests. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Great-circle distance in metres (for "how far" hints on screen, not for prices). */
export function metresBetween(a: LatLng, b: LatLng): number {
  const r = 6371e3;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

/** A point `metres` along the way from `a` towards `b` (never past `b`). */
export function stepTowards(a: LatLng, b: LatLng, metres: number): LatLng {
  const d = metresBetween(a, b);
  if (d <= metres || d === 0) return { lat: b.lat, lng: b.lng };
  const f = metres / d;
  return { lat: round(a.lat + (b.lat - a.lat) * f), lng: round(a.lng + (b.lng - a.lng) * f) };
}
