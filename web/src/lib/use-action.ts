import { useState } from 'react';
import { useI18n } from '../i18n';
import { useToast } from '../components/toast';
import { errorText } from './errors';

/**
 * The buttons of a decision (approve / reject ...): which one is running, the last failure as
 * text, a success toast and `onDone` (usually a reload) when it worked.
 */
export function useAction<K extends string>(onDone: () => void) {
  const i18n = useI18n();
  const toast = useToast();
  const [busy, setBusy] = useState<K | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run(kind: K, action: () => Promise<unknown>, success: string) {
    setBusy(kind);
    setError(null);
    try {
      await action();
      toast(success, 'success');
      onDone();
    } catch (err) {
      setError(errorText(i18n, err));
    } finally {
      setBusy(null);
    }
  }
  return { busy, error, run };
}
