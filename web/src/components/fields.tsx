import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldFrame { label: ReactNode; hint?: ReactNode; error?: string | null }

function Frame({ id, label, hint, error, children }: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">{label}</label>
      {children}
      {hint && !error && <p id={`${id}-hint`} className="field-hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error" role="alert">{error}</p>}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

type InputProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & { onValue(value: string): void; ltr?: boolean };

export function TextField({ label, hint, error, onValue, ltr, className, ...rest }: InputProps) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <input
        id={id} className={['input', ltr ? 'input-ltr' : '', className ?? ''].join(' ')} dir={ltr ? 'ltr' : undefined}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onValue(e.target.value)} {...rest}
      />
    </Frame>
  );
}

type SelectProps = FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange'> & { onValue(value: string): void; options: Array<{ value: string; label: string }> };

export function SelectField({ label, hint, error, onValue, options, ...rest }: SelectProps) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <select id={id} className="input select" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} onChange={(e) => onValue(e.target.value)} {...rest}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Frame>
  );
}

type AreaProps = FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> & { onValue(value: string): void };

export function TextArea({ label, hint, error, onValue, ...rest }: AreaProps) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <textarea id={id} className="input textarea" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} onChange={(e) => onValue(e.target.value)} {...rest} />
    </Frame>
  );
}

export function Checkbox({ label, checked, onValue, disabled, hint }: { label: ReactNode; checked: boolean; onValue(v: boolean): void; disabled?: boolean; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onValue(e.target.checked)} />
      <label htmlFor={id}>
        {label}
        {hint && <span className="field-hint">{hint}</span>}
      </label>
    </div>
  );
}

/** A group of controls under one legend (e.g. the three parts of a date). */
export function FieldGroup({ legend, error, hint, children }: { legend: ReactNode; error?: string | null; hint?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className={error ? 'field field-invalid fieldset' : 'field fieldset'} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">{legend}</legend>
      {children}
      {hint && !error && <p className="field-hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error" role="alert">{error}</p>}
    </fieldset>
  );
}
