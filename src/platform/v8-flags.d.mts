/** V8 flags set before anything is compiled; `server` adds the server process's heap settings. */
export function applyV8Flags(opts?: { server?: boolean }): void;
/** How much the server's old generation may grow between full GCs (V8's --heap-growing-percent). */
export const SERVER_HEAP_GROWING_PERCENT: number;
/** Node options for the server's command line: a V8 thread pool that leaves the database and clients a core. */
export function serverNodeArgs(cores?: number): string[];
