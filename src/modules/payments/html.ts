import type { FastifyReply } from 'fastify';
import type { Locale } from '../../platform/i18n.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML bodies and attribute values. */
export const esc = (text: unknown): string => String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

const BASE_CSS = `
*{box-sizing:border-box}body{margin:0;background:#f3f5f8;color:#1d2533;font:16px/1.7 Vazirmatn,Tahoma,"Segoe UI",sans-serif}
main{max-width:460px;margin:32px auto;padding:24px;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0001}
h1{font-size:20px;margin:0 0 16px}dl{display:grid;grid-template-columns:auto 1fr;gap:8px 16px;margin:16px 0}
dt{color:#5b6577}dd{margin:0;font-weight:600;word-break:break-word}.note{background:#fff7e0;border-radius:8px;padding:8px 12px;font-size:14px}
.amount{font-size:24px;color:#0b6b3a}.row{display:flex;gap:12px;margin-top:20px}button,.btn{flex:1;padding:12px;border:0;border-radius:8px;font:inherit;cursor:pointer;text-align:center;text-decoration:none}
.pay{background:#0b6b3a;color:#fff}.cancel{background:#e4e7ec;color:#1d2533}
@media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none}.noprint{display:none}}`;

/** A small self-contained HTML page (no scripts from elsewhere), right-to-left for fa and ar. */
export function page(opts: { locale: Locale; title: string; body: string; extraCss?: string }): string {
  const dir = opts.locale === 'en' ? 'ltr' : 'rtl';
  return `<!doctype html><html lang="${opts.locale}" dir="${dir}"><head><meta charset="utf-8">`
    + `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">`
    + `<title>${esc(opts.title)}</title><style>${BASE_CSS}${opts.extraCss ?? ''}</style></head>`
    + `<body><main>${opts.body}</main></body></html>`;
}

/** Sends a page with headers that keep it out of caches and frames. */
export function sendPage(reply: FastifyReply, html: string, status = 200) {
  return reply.status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'")
    .send(html);
}
