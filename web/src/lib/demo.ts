import { useEffect, useState } from 'react';
import { api } from '../api';

let probe: Promise<boolean> | null = null;

/** Demo mode is on when the demo SMS inbox answers; asked once per page load. */
export function isDemo(): Promise<boolean> {
  probe ??= api.demo.inbox(undefined, 1).then(() => true, () => false);
  return probe;
}

export function useDemo(): boolean | null {
  const [demo, setDemo] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void isDemo().then((v) => { if (live) setDemo(v); });
    return () => { live = false; };
  }, []);
  return demo;
}

/** The accounts the demo seed creates (src/seed/demo-seed.ts), offered on the sign-in page. */
export const DEMO_ACCOUNTS = [
  { mobile: '09120000001', role: 'demo.opsAdmin' },
  { mobile: '09120000002', role: 'demo.opsAgent' },
  { mobile: '09120000003', role: 'demo.finance' },
  { mobile: '09140000101', role: 'demo.customer' },
  { mobile: '09140000102', role: 'demo.customer' },
  { mobile: '09140000103', role: 'demo.customer' },
  { mobile: '09140000201', role: 'demo.carDriver' },
  { mobile: '09140000202', role: 'demo.motoCourier' },
  { mobile: '09140000203', role: 'demo.vanCourier' },
  { mobile: '09140000204', role: 'demo.assistant' },
] as const;
