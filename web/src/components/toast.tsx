import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

interface Toast { id: number; text: string; kind: 'info' | 'success' | 'error' }
const Ctx = createContext<(text: string, kind?: Toast['kind']) => void>(() => undefined);

/** Short confirmations ("Saved") in a polite live region at the bottom of the screen. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback((text: string, kind: Toast['kind'] = 'info') => {
    const id = Date.now() + Math.random();
    setToasts((all) => [...all.slice(-2), { id, text, kind }]);
    window.setTimeout(() => setToasts((all) => all.filter((x) => x.id !== id)), 3500);
  }, []);
  return (
    <Ctx.Provider value={show}>
      {children}
      <div className="toasts" aria-live="polite" role="status">
        {toasts.map((x) => <div key={x.id} className={`toast toast-${x.kind}`}>{x.text}</div>)}
      </div>
    </Ctx.Provider>
  );
}

export const useToast = () => useContext(Ctx);
