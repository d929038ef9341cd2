import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useI18n } from '../../i18n';
import { Button } from '../../components/ui';

/**
 * ORD-9: the recipient signs with a finger on the provider's screen. The drawing is sent as a PNG
 * data URL; `onValue(null)` while the pad is empty.
 */
export function SignaturePad({ onValue, disabled }: { onValue(png: string | null): void; disabled?: boolean }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);

  useEffect(() => {
    const c = canvas.current!;
    // Draw at the screen's pixel density so the line is sharp, but keep the file small.
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    c.width = c.clientWidth * ratio;
    c.height = c.clientHeight * ratio;
    const ctx = c.getContext('2d')!;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#0f172a';
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    canvas.current!.setPointerCapture(e.pointerId);
    drawing.current = true;
    const ctx = canvas.current!.getContext('2d')!;
    const p = point(e);
    ctx.beginPath();
    ctx.moveTo(p.x, p.y);
    ctx.lineTo(p.x + 0.1, p.y + 0.1);
    ctx.stroke();
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = canvas.current!.getContext('2d')!;
    const p = point(e);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    setEmpty(false);
    onValue(canvas.current!.toDataURL('image/png'));
  };
  const clear = () => {
    const c = canvas.current!;
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    setEmpty(true);
    onValue(null);
  };
  return (
    <div className="signature">
      <canvas
        ref={canvas} className="signature-pad" aria-label={t('work.pod.signHere')} role="img"
        onPointerDown={down} onPointerMove={move} onPointerUp={up} onPointerCancel={up} onPointerLeave={up}
      />
      <div className="signature-foot">
        <span className="muted small">{empty ? t('work.pod.signHere') : t('work.pod.signed')}</span>
        <Button variant="ghost" onClick={clear} disabled={empty || disabled} icon="x">{t('work.pod.clear')}</Button>
      </div>
    </div>
  );
}
