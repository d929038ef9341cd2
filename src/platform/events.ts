import type { Logger } from 'pino';

/**
 * The event map; each module adds its events by declaration merging:
 * `declare module '../../platform/events.js' { interface AppEvents { 'user.blocked': {...} } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppEvents {}

export type EventName = keyof AppEvents & string;
type Handler<K extends EventName> = (payload: AppEvents[K]) => void | Promise<void>;

/** An in-process typed bus; handlers run after the publishing transaction commits. */
export class EventBus {
  private readonly handlers = new Map<string, Array<Handler<any>>>();
  constructor(private readonly log?: Logger) {}

  subscribe<K extends EventName>(name: K, handler: Handler<K>): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
    return () => this.handlers.set(name, (this.handlers.get(name) ?? []).filter((h) => h !== handler));
  }

  /** Delivers to every handler; one failing handler is logged and does not stop the others. */
  async publish<K extends EventName>(name: K, payload: AppEvents[K]): Promise<void> {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        await handler(payload);
      } catch (err) {
        this.log?.error({ err, event: name }, 'event handler failed');
      }
    }
  }
}

/** Collects events and side effects during a transaction; flushed only after commit. */
export class AfterCommit {
  private readonly tasks: Array<() => void | Promise<void>> = [];
  constructor(private readonly bus: EventBus) {}
  publish<K extends EventName>(name: K, payload: AppEvents[K]): void {
    this.tasks.push(() => this.bus.publish(name, payload));
  }
  run(task: () => void | Promise<void>): void {
    this.tasks.push(task);
  }
  async flush(): Promise<void> {
    for (const t of this.tasks.splice(0)) await t();
  }
}
