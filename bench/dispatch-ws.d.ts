// Minimal types for the `ws` client used by bench/dispatch-api.ts (ws ships no types; it is installed with @fastify/websocket).
declare module 'ws' {
  export default class WebSocket {
    static readonly OPEN: number;
    constructor(url: string);
    readonly readyState: number;
    on(event: 'message', listener: (data: unknown) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'close' | 'open', listener: () => void): this;
    send(data: string): void;
    terminate(): void;
    close(): void;
  }
}
