import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { Icon, type IconName } from './icons';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  busy?: boolean;
  block?: boolean;
  icon?: IconName;
};

/** A button that shows a spinner and ignores clicks while its action runs. */
export function Button({ variant = 'primary', busy, block, icon, children, className, disabled, type = 'button', ...rest }: ButtonProps) {
  const cls = ['btn', `btn-${variant}`, block ? 'btn-block' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={cls} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <Spinner small /> : icon ? <Icon name={icon} size={18} /> : null}
      <span>{children}</span>
    </button>
  );
}

export function ButtonLink({ to, variant = 'primary', block, icon, children }: { to: string; variant?: ButtonProps['variant']; block?: boolean; icon?: IconName; children: ReactNode }) {
  return (
    <Link to={to} className={['btn', `btn-${variant}`, block ? 'btn-block' : ''].join(' ')}>
      {icon && <Icon name={icon} size={18} />}
      <span>{children}</span>
    </Link>
  );
}

export function Spinner({ small }: { small?: boolean }) {
  return <span className={small ? 'spinner spinner-small' : 'spinner'} aria-hidden="true" />;
}

/** A page-sized loading state that screen readers announce. */
export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status">
      <Spinner />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

const BANNER_ICON: Record<string, IconName> = { error: 'alert', warning: 'alert', info: 'info', success: 'check' };

export function Banner({ kind = 'info', title, children, action }: { kind?: 'error' | 'warning' | 'info' | 'success'; title?: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className={`banner banner-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <Icon name={BANNER_ICON[kind]} size={20} />
      <div className="banner-body">
        {title && <strong className="banner-title">{title}</strong>}
        {children && <div>{children}</div>}
        {action && <div className="banner-action">{action}</div>}
      </div>
    </div>
  );
}

export function Card({ title, subtitle, children, className, actions }: { title?: ReactNode; subtitle?: ReactNode; children?: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section className={['card', className ?? ''].join(' ')}>
      {(title || actions) && (
        <header className="card-head">
          <div>
            {title && <h2 className="card-title">{title}</h2>}
            {subtitle && <p className="card-subtitle">{subtitle}</p>}
          </div>
          {actions}
        </header>
      )}
      {children}
    </section>
  );
}

export function PageHeader({ title, subtitle, back, actions }: { title: ReactNode; subtitle?: ReactNode; back?: string; actions?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="page-head">
      {back && (
        <Link to={back} className="back-link">
          <Icon name="back" size={18} />
          <span>{t('common.back')}</span>
        </Link>
      )}
      <div className="page-head-row">
        <div>
          <h1 className="page-title">{title}</h1>
          {subtitle && <p className="page-subtitle">{subtitle}</p>}
        </div>
        {actions}
      </div>
    </div>
  );
}

export function EmptyState({ icon = 'info', title, children, action }: { icon?: IconName; title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <span className="empty-icon"><Icon name={icon} size={28} /></span>
      <strong>{title}</strong>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'bad' | 'warn' | 'brand'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A label/value pair list, for read-only details. */
export function Details({ rows }: { rows: Array<[ReactNode, ReactNode]> }) {
  return (
    <dl className="details">
      {rows.map(([k, v], i) => (
        <div className="details-row" key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Numbers such as mobiles stay left-to-right inside right-to-left text. */
export function Ltr({ children }: { children: ReactNode }) {
  return <bdi dir="ltr" className="ltr">{children}</bdi>;
}
