import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database, Db, DbOrTx, Tx } from './db.js';
import { AfterCommit, EventBus } from './events.js';
import type { Clock } from './time.js';
import type { FileStore } from './files.js';
import type { Jobs } from './jobs.js';

/** What every module gets: configuration, the database, the clock, the bus, logging, files. */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  events: EventBus;
  log: Logger;
  files: FileStore;
  jobs: Jobs;
}

/**
 * Like inTransaction for work that is one statement (a status change with its history row is one
 * data-modifying CTE): no BEGIN and COMMIT round trips; after-commit work runs once it succeeded.
 */
export async function autocommit<T>(platform: Pick<Platform, 'db' | 'events'>, fn: (db: DbOrTx, after: AfterCommit) => Promise<T>): Promise<T> {
  const after = new AfterCommit(platform.events);
  const result = await fn(platform.db, after);
  await after.flush();
  return result;
}

/**
 * Runs `fn` in one database transaction; events and side effects it queues on `after`
 * happen only once the transaction has committed.
 */
export async function inTransaction<T>(platform: Pick<Platform, 'db' | 'events'>, fn: (tx: Tx, after: AfterCommit) => Promise<T>): Promise<T> {
  const after = new AfterCommit(platform.events);
  const result = await platform.db.transaction((tx) => fn(tx, after));
  await after.flush();
  return result;
}
