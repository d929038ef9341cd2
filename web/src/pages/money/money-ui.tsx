import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { toAsciiDigits, useI18n } from '../../i18n';
import { formatToman } from '../../i18n/format';
import { Badge, Button, EmptyState } from '../../components/ui';
import { Icon, type IconName } from '../../components/icons';
import type { StatementLine } from './money-api';
import { LINE_STATUS_LABEL, reasonLabel } from './labels';

/** Up to a trillion Toman: more digits than any policy cap, fewer than a bigint mistake. */
const MAX_DIGITS = 12;

/**
 * An amount in Toman: takes Persian, Arabic or Latin digits (and separators), keeps ASCII digits in
 * state and shows them grouped in the page's script, with the unit at the end of the box.
 */
export function MoneyField({ label, value, onValue, error, hint, name, autoFocus }: {
  label: ReactNode; value: string; onValue(v: string): void; error?: string | null; hint?: ReactNode; name?: string; autoFocus?: boolean;
}) {
  const { t, num } = useI18n();
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">{label}<span className="sr-only"> ({t('money.unit')})</span></label>
      <div className="money-input">
        <input
          id={id} name={name} className="input" inputMode="numeric" autoComplete="off" autoFocus={autoFocus}
          value={value ? num(BigInt(value)) : ''} aria-invalid={error ? true : undefined} aria-describedby={describedBy}
          onChange={(e) => onValue(toAsciiDigits(e.target.value).replace(/\D/g, '').replace(/^0+/, '').slice(0, MAX_DIGITS))}
        />
        <span className="money-unit" aria-hidden="true">{t('money.unit')}</span>
      </div>
      {hint && !error && <p id={`${id}-hint`} className="field-hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error" role="alert">{error}</p>}
    </div>
  );
}

/**
 * Toman with a sign glued to the left of the number, as Intl writes negative numbers in Persian:
 * the sign and digits sit in a left-to-right isolate, so right-to-left text cannot move the sign.
 */
export function useSignedToman() {
  const { t, locale } = useI18n();
  return (rials: string | bigint, withPlus = false) => {
    const v = BigInt(rials);
    const sign = v < 0n ? '−' : v > 0n && withPlus ? '+' : '';
    const digits = formatToman(v < 0n ? -v : v, locale);
    return t('money.toman', { amount: sign ? `\u2066${sign}${digits}\u2069` : digits });
  };
}

/**
 * A balance: negative ones in red with a minus sign that stays in front of the number. `neutral`
 * for platform accounts, which run negative by design (what gateways owe us, what promotions cost).
 */
export function Balance({ rials, className, neutral }: { rials: string; className?: string; neutral?: boolean }) {
  const signed = useSignedToman();
  const v = BigInt(rials);
  return <bdi className={['amount', v < 0n && !neutral ? 'amount-negative' : '', className ?? ''].join(' ')}>{signed(v)}</bdi>;
}

/** A movement: credits green with "+", debits with "−". */
export function SignedAmount({ rials }: { rials: string }) {
  const signed = useSignedToman();
  const v = BigInt(rials);
  return <bdi className={v < 0n ? 'amount amount-debit' : 'amount amount-credit'}>{signed(v, true)}</bdi>;
}

export interface Paged<T> {
  items: T[] | null;
  next: string | null;
  error: unknown;
  busy: boolean;
  loadMore(): void;
  reload(): void;
}

/**
 * Pages of a newest-first list that hands out a cursor for the next page; `deps` restart it.
 * A late answer to an old list is dropped.
 */
export function usePaged<T>(fetchPage: (cursor?: string) => Promise<{ items: T[]; next: string | null }>, deps: unknown[]): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ticket = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (cursor?: string) => {
    const mine = cursor ? ticket.current : ++ticket.current;
    setBusy(true);
    setError(null);
    try {
      const page = await fetchRef.current(cursor);
      if (mine !== ticket.current) return;
      setItems((prev) => (cursor ? [...(prev ?? []), ...page.items] : page.items));
      setNext(page.next);
    } catch (err) {
      if (mine === ticket.current) setError(err);
    } finally {
      if (mine === ticket.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    setItems(null);
    setNext(null);
    void load();
  }, deps);

  return {
    items, next, error, busy,
    loadMore: () => { if (next && !busy) void load(next); },
    reload: () => void load(),
  };
}

/** "Show more" that also loads by itself when it scrolls into view (an endless list on phones). */
export function LoadMore({ paged }: { paged: Paged<unknown> }) {
  const { t } = useI18n();
  const sentinel = useRef<HTMLDivElement>(null);
  const { next, busy, loadMore } = paged;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !next || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) loadMore(); }, { rootMargin: '200px' });
    seen.observe(el);
    return () => seen.disconnect();
  }, [next, busy]);
  if (!next) return null;
  return (
    <div ref={sentinel} className="load-more">
      <Button variant="secondary" block busy={busy} onClick={loadMore}>{t('common.loadMore')}</Button>
    </div>
  );
}

function lineIcon(l: StatementLine): IconName {
  if (l.reason.startsWith('promotion.')) return 'gift';
  return BigInt(l.amountRials) < 0n ? 'arrowOut' : 'arrowIn';
}

/** One ledger line: what it was, when, whether it is still held, and the signed amount. */
function Line({ l, title, showMemo, extra }: { l: StatementLine; title?: string; showMemo: boolean; extra?: ReactNode }) {
  const { t, shortTime } = useI18n();
  const debit = BigInt(l.amountRials) < 0n;
  return (
    <li className={l.status === 'voided' ? 'line line-voided' : 'line'}>
      <span className={debit ? 'line-icon line-icon-debit' : 'line-icon'} aria-hidden="true"><Icon name={lineIcon(l)} size={18} /></span>
      <span className="line-main">
        <strong>{t(reasonLabel(l.reason))}</strong>
        {title && <span className="line-note">{title}</span>}
        {showMemo && l.memo && <span className="line-note"><bdi>{l.memo}</bdi></span>}
        <span className="line-meta">
          <time dateTime={l.createdAt}>{shortTime(l.createdAt)}</time>
          {l.status !== 'posted' && <Badge tone={l.status === 'pending' ? 'warn' : 'neutral'}>{t(LINE_STATUS_LABEL[l.status])}</Badge>}
          {extra}
        </span>
      </span>
      <SignedAmount rials={l.amountRials} />
    </li>
  );
}

/**
 * A statement grouped by the Tehran calendar day (Jalali in Persian), newest first. Manual
 * adjustments show their reason; `titleOf` may name the offer or payment behind a line.
 */
export function StatementList({ lines, showMemo, titleOf, extraOf, empty }: {
  lines: StatementLine[]; showMemo?: (l: StatementLine) => boolean; titleOf?: (l: StatementLine) => string | undefined;
  extraOf?: (l: StatementLine) => ReactNode; empty: { title: ReactNode; text?: ReactNode; action?: ReactNode };
}) {
  const { instantDay } = useI18n();
  if (!lines.length) return <EmptyState icon="list" title={empty.title} action={empty.action}>{empty.text}</EmptyState>;
  const days: Array<{ day: string; lines: StatementLine[] }> = [];
  for (const l of lines) {
    const day = instantDay(l.createdAt);
    if (days[days.length - 1]?.day !== day) days.push({ day, lines: [] });
    days[days.length - 1].lines.push(l);
  }
  return (
    <div className="statement">
      {days.map((d) => (
        <section key={d.day} aria-label={d.day}>
          <h3 className="statement-day">{d.day}</h3>
          <ul className="lines">
            {d.lines.map((l) => <Line key={l.transferId} l={l} title={titleOf?.(l)} extra={extraOf?.(l)} showMemo={showMemo ? showMemo(l) : l.reason === 'adjustment.manual'} />)}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** Two or more choices as one row of toggle buttons (the shell's segmented look). */
export function Segmented<V extends string>({ label, value, options, onValue }: { label: string; value: V; options: Array<{ value: NoInfer<V>; label: ReactNode }>; onValue(v: NoInfer<V>): void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button key={o.value} type="button" role="radio" aria-checked={o.value === value} className={o.value === value ? 'seg seg-on' : 'seg'} onClick={() => onValue(o.value)}>{o.label}</button>
      ))}
    </div>
  );
}
