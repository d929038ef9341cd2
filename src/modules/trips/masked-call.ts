import { createHash } from 'node:crypto';

/** One relayed call permission: `callerMobile` dials `relayNumber`, the operator connects `calleeMobile`. */
export interface CallSessionRequest {
  orderId: string;
  callerId: string;
  callerMobile: string;
  calleeMobile: string;
  expiresAt: Date;
}
export interface CallSession { relayNumber: string; expiresAt: Date }

/**
 * ORD-18 seam: number masking. A real deployment plugs an operator's masking API (it allocates a
 * relay number bound to the two mobiles until `expiresAt`); neither side ever sees the other's
 * mobile.
 */
export interface MaskedCallProvider {
  open(req: CallSessionRequest): Promise<CallSession>;
}

/**
 * The embedded default: hands out relay numbers from a demo range and remembers the bindings in
 * memory, so `route` can say whom a call to a relay number from a mobile reaches (the switch's part).
 */
export class DemoMaskedCallProvider implements MaskedCallProvider {
  private readonly sessions = new Map<string, { a: string; b: string; expiresAt: Date }>();
  constructor(private readonly prefix = '0219100', private readonly now: () => Date = () => new Date()) {}

  async open(req: CallSessionRequest): Promise<CallSession> {
    this.sweep();
    // The same pair on the same order keeps its number; the 4-digit suffix comes from a hash.
    const h = createHash('sha256').update(`${req.orderId}:${[req.callerMobile, req.calleeMobile].sort().join(':')}`).digest();
    let n = h.readUInt16BE(0) % 10_000;
    let relayNumber = this.numberOf(n);
    for (let i = 0; i < 10_000 && this.takenByOther(relayNumber, req); i++) relayNumber = this.numberOf(n = (n + 1) % 10_000);
    this.sessions.set(relayNumber, { a: req.callerMobile, b: req.calleeMobile, expiresAt: req.expiresAt });
    return { relayNumber, expiresAt: req.expiresAt };
  }

  /** Whom a call from `fromMobile` to `relayNumber` is connected to, or null (unknown, expired, stranger). */
  route(relayNumber: string, fromMobile: string): string | null {
    const s = this.sessions.get(relayNumber);
    if (!s || s.expiresAt <= this.now()) return null;
    if (fromMobile === s.a) return s.b;
    if (fromMobile === s.b) return s.a;
    return null;
  }

  private numberOf(n: number) { return `${this.prefix}${String(n).padStart(4, '0')}`; }

  private takenByOther(relayNumber: string, req: CallSessionRequest): boolean {
    const s = this.sessions.get(relayNumber);
    if (!s || s.expiresAt <= this.now()) return false;
    const pair = [s.a, s.b].sort().join(':');
    return pair !== [req.callerMobile, req.calleeMobile].sort().join(':');
  }

  private sweep() {
    const now = this.now();
    for (const [k, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(k);
  }
}
