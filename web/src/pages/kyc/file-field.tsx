import { useId, type ReactNode } from 'react';

/** A picker for one JPEG/PNG file, framed like the other form fields. */
export function FileField({ label, hint, error, name, onFile }: { label: ReactNode; hint?: ReactNode; error?: string | null; name: string; onFile(f: File | null): void }) {
  const id = useId();
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id} className="field-label">{label}</label>
      <input id={id} name={name} type="file" className="input" accept="image/jpeg,image/png" aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined} onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      {hint && !error && <p id={`${id}-hint`} className="field-hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error" role="alert">{error}</p>}
    </div>
  );
}

/** Upload errors name the JSON fields; the form shows them on its file picker. */
export function withUploadField(fields: Record<string, string>, picker: string): Record<string, string> {
  const out = { ...fields };
  const upload = out.contentBase64 ?? out.fileName;
  if (upload) out[picker] = upload;
  return out;
}
