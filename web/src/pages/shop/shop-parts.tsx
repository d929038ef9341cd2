import type { ReactElement } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import type { ShopItem, ShopOrder } from './shop-api';

/** The item name in the reader's language (Persian and Arabic readers get the Persian name). */
export function useItemName() {
  const { locale } = useI18n();
  return (x: Pick<ShopItem, 'nameFa' | 'nameEn'>) => (locale === 'en' ? x.nameEn : x.nameFa);
}

export const statusKey = (s: string) => `shop.status.${s}` as MessageKey;
export const eventKey = (s: string) => `timeline.${s}` as MessageKey;

/** A timeline of status rows, oldest first. */
export function Timeline({ events }: { events: Array<{ status: string; note: string | null; at: string }> }): ReactElement {
  const i18n = useI18n();
  return (
    <ol className="list timeline" data-testid="timeline">
      {events.map((e, i) => (
        <li key={i} className="list-row">
          <span className="list-main">
            <strong>{i18n.has(eventKey(e.status)) ? i18n.t(eventKey(e.status)) : e.status}</strong>
            <span className="muted">{i18n.dateTime(e.at)}{e.note ? ` · ${i18n.digits(e.note)}` : ''}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

export function orderSummary(order: ShopOrder, name: (x: { nameFa: string; nameEn: string }) => string, digits: (s: string) => string): string {
  return order.lines.map((l) => `${name(l)} × ${digits(String(l.quantity))}`).join('، ');
}
