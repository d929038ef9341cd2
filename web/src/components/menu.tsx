import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuItem { key: string; label: ReactNode; onSelect(): void; current?: boolean; lang?: string; danger?: boolean }

/** A button that opens a list of actions; closes on Escape, outside click or a choice. */
export function Menu({ label, button, items, header }: { label: string; button: ReactNode; items: MenuItem[]; header?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    root.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      setOpen(false);
      root.current?.querySelector<HTMLElement>('button')?.focus();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const all = [...(root.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    all[(at + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
  };

  return (
    <div className="menu" ref={root} onKeyDown={onKey}>
      <button type="button" className="icon-btn" aria-label={label} aria-haspopup="menu" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {button}
      </button>
      {open && (
        <div className="menu-pop" id={id}>
          {header}
          <ul role="menu" aria-label={label}>
            {items.map((item) => (
              <li key={item.key} role="none">
                <button
                  type="button" role="menuitem" lang={item.lang}
                  className={['menu-item', item.current ? 'menu-item-current' : '', item.danger ? 'menu-item-danger' : ''].join(' ')}
                  aria-current={item.current || undefined}
                  onClick={() => { setOpen(false); item.onSelect(); }}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
