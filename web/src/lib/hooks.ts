import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  setData(value: T): void;
}

/** Loads data when the dependencies change; a late answer to an old request is ignored. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    load().then(
      (value) => { if (ticket === latest.current) { setData(value); setError(null); setLoading(false); } },
      (err) => { if (ticket === latest.current) { setError(err); setLoading(false); } },
    );
    // `load` is a fresh closure each render; `deps` says when it really changed.
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** Seconds left until a deadline (ms since epoch), ticking once a second; 0 when passed. */
export function useCountdown(deadline: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!deadline) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, [deadline]);
  return deadline ? Math.max(0, Math.ceil((deadline - now) / 1000)) : 0;
}

/** Runs `fn` every `ms` while `active`, skipping a tick if the previous run has not finished. */
export function useInterval(fn: () => Promise<unknown> | void, ms: number, active = true) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (!active) return;
    let running = false;
    const timer = window.setInterval(async () => {
      if (running || document.hidden) return;
      running = true;
      try { await saved.current(); } finally { running = false; }
    }, ms);
    return () => window.clearInterval(timer);
  }, [ms, active]);
}
