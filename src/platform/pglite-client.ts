import { protocol, type PGlite } from '@electric-sql/pglite';

/**
 * The part of PGlite's client that drizzle uses (`query`, `transaction`), run faster.
 *
 * PGlite's own `query()` makes six calls into the database per statement (parse, describe, bind,
 * describe, execute, sync), plans the statement every time and parses the replies with a general
 * protocol parser. Here every statement is one call: the first run of a text sends Parse for a named
 * prepared statement, later runs send only Bind + Execute + Sync, and the reply is read by a small
 * parser that knows the handful of messages an extended-protocol query returns. For the short
 * indexed statements of an order's life that is 3-4x less time per statement.
 *
 * Semantics stay PGlite's: one statement at a time (a transaction holds the connection for its callback),
 * the same result shape and value parsers ({ rows, fields, affectedRows }), the same DatabaseError.
 * Parameters are sent as text with their types inferred by PostgreSQL, converted the way
 * node-postgres converts them (the PostgreSQL path), except that dates are sent in UTC as PGlite does.
 */
export interface PgliteLikeResults { rows: unknown[]; fields: Array<{ name: string; dataTypeID: number }>; affectedRows: number; rowCount?: number; command?: string }
type Parsers = Record<number | string, (value: string, typeId?: number) => unknown>;
interface QueryOptions { rowMode?: 'array' | 'object'; parsers?: Parsers }
interface Statement { name: string; fields: Array<{ name: string; dataTypeID: number }> | null }

/** PGlite's protocol entry points (public methods, some marked internal in its types). */
interface PgliteInternals {
  parsers: Parsers;
  execProtocolRawStream(message: Uint8Array, opts: { syncToFs: boolean; onRawData(data: Uint8Array): void }): Promise<void>;
  syncToFs(): Promise<void>;
}

const S = protocol.serialize;
const SYNC = S.sync();
const EXECUTE = S.execute({});
const DESCRIBE_PORTAL = S.describe({ type: 'P' });
const EMPTY_FIELDS: PgliteLikeResults['fields'] = [];

/**
 * A first-come first-served lock. acquire() returns nothing when the lock was free (taken at once,
 * no promise made) or a promise that resolves when it is the caller's turn; each holder calls
 * release() once. Waiters are plain resolve functions in an array: nothing links one waiter to the
 * next, so a waiter that lived long enough to be promoted keeps no later one alive.
 */
export class Lock {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true;
      return undefined;
    }
    return new Promise<void>((resolve) => { this.waiting.push(resolve); });
  }

  /** Hands the lock to the next waiter (it stays held), or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  /** Runs `fn` holding the lock. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const wait = this.acquire();
    if (wait) await wait;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

export class PgliteFastClient {
  private readonly pg: PgliteInternals;
  /** Named statements by SQL text, least recently used first (a Map keeps insertion order). */
  private readonly statements = new Map<string, Statement>();
  private seq = 0;
  /** Statements to close (evicted from the cache) with the next call. */
  private readonly toClose: string[] = [];
  /**
   * Who holds PGlite's one connection. Not PGlite's own mutexes (async-mutex): at ~1,500
   * statements/s every statement's waiter objects there outlived the young generation (~1.5 KB
   * each, ~4 MB/s of the server's old generation at bench/dispatch load, a full GC every ~30 s),
   * and they cost ~17 us per statement. PGlite's entry points that take those mutexes are called
   * through exclusive(), so they still run alone.
   */
  private readonly connection = new Lock();

  /**
   * `syncs`: call PGlite's syncToFs after each write. Its file systems on Node (a data directory, or
   * memory) write through and their syncToFs does nothing, but PGlite's wrapper still takes a mutex
   * for it on every statement; openDatabase turns it off for them.
   */
  constructor(readonly raw: PGlite, private readonly maxStatements = 500, private readonly syncs = true) {
    this.pg = raw as unknown as PgliteInternals;
  }

  /**
   * One statement outside a transaction. It holds the connection (this client's lock) while it
   * runs, so nothing runs beside it; a transaction holds it from BEGIN to COMMIT.
   */
  query(text: string, params: unknown[] = [], options?: QueryOptions): Promise<PgliteLikeResults> {
    return this.connection.run(async () => {
      const res = await this.run(text, params, options);
      if (this.syncs) await this.pg.syncToFs();
      return res;
    });
  }

  transaction<T>(fn: (tx: { query: PgliteFastClient['query']; closed: boolean }) => Promise<T>): Promise<T> {
    return this.connection.run(async () => {
      // The transaction's own statements, one at a time (a callback may start two at once).
      const turn = new Lock();
      const exclusive = (text: string, params: unknown[] = [], options?: QueryOptions) => turn.run(() => this.run(text, params, options));
      await exclusive('BEGIN');
      let closed = false;
      const tx = {
        query: (text: string, params?: unknown[], options?: QueryOptions) => {
          if (closed) throw new Error('Transaction is closed');
          return exclusive(text, params, options);
        },
        get closed() { return closed; },
      };
      try {
        const result = await fn(tx);
        closed = true;
        const done = await exclusive('COMMIT');
        if (done.command === 'ROLLBACK') throw Object.assign(new Error('Transaction was rolled back instead of committed'), { code: '25P02', severity: 'ERROR' });
        if (this.syncs) await this.pg.syncToFs();
        return result;
      } catch (err) {
        if (!closed) {
          closed = true;
          await exclusive('ROLLBACK');
        }
        throw err;
      }
    });
  }

  /**
   * Runs `fn` holding the connection: for PGlite's own entry points (exec of a script, a
   * migration, dumpDataDir, close), which would otherwise run between this client's statements.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.connection.run(fn);
  }

  /** One statement as one call into PGlite (the caller holds the connection). */
  private async run(text: string, params: unknown[], options: QueryOptions | undefined): Promise<PgliteLikeResults> {
    const values = params.map(toParam);
    let st = this.statements.get(text);
    const parts: Uint8Array[] = [];
    for (const name of this.toClose.splice(0)) parts.push(S.close({ type: 'S', name }));
    let parsing: Statement | null = null;
    if (st) {
      // Most recently used goes last.
      this.statements.delete(text);
      this.statements.set(text, st);
    } else {
      parsing = { name: `pf_${++this.seq}`, fields: null };
      parts.push(S.parse({ name: parsing.name, text, types: [] }));
      st = parsing;
    }
    parts.push(bindMessage(st.name, values));
    if (!st.fields) parts.push(DESCRIBE_PORTAL);
    parts.push(EXECUTE, SYNC);
    // execProtocolRawStream, not execProtocolRaw: the latter also runs every reply through PGlite's
    // own protocol parser (decoding each row to strings we then decode again) and keeps the parsed
    // messages in a list that only PGlite's query()/exec() ever clear. The chunks are views of
    // PGlite's memory, so they are copied.
    const chunks: Uint8Array[] = [];
    await this.pg.execProtocolRawStream(concat(parts), { syncToFs: false, onRawData: (data) => { chunks.push(data.slice()); } });
    const reply = chunks.length === 1 ? chunks[0] : concat(chunks);
    const out = readReply(reply);
    if (parsing && out.parsed) this.remember(text, parsing);
    if (out.fields && !st.fields) st.fields = out.fields;
    if (out.error) {
      // A table changed under a cached statement: forget it, the next call parses again.
      if (out.error.code === '0A000' && !parsing) this.forget(text);
      throw Object.assign(out.error, { query: text, params });
    }
    return this.results(out, st.fields ?? out.fields ?? EMPTY_FIELDS, options);
  }

  private remember(text: string, st: Statement) {
    this.statements.set(text, st);
    if (this.statements.size > this.maxStatements) {
      const [oldest] = this.statements.keys();
      this.forget(oldest);
    }
  }

  private forget(text: string) {
    const st = this.statements.get(text);
    if (!st) return;
    this.statements.delete(text);
    this.toClose.push(st.name);
  }

  private results(out: Reply, fields: PgliteLikeResults['fields'], options: QueryOptions | undefined): PgliteLikeResults {
    // The caller's parsers override PGlite's (one lookup each, not a merged copy per query).
    const base = this.pg.parsers;
    const own = options?.parsers;
    const n = fields.length;
    const parsers = new Array<((value: string, typeId: number) => unknown) | undefined>(n);
    for (let i = 0; i < n; i++) parsers[i] = own?.[fields[i].dataTypeID] ?? base[fields[i].dataTypeID];
    const rows: unknown[] = new Array(out.rows.length);
    const asArray = options?.rowMode === 'array';
    for (let r = 0; r < out.rows.length; r++) {
      const raw = out.rows[r];
      if (asArray) {
        const row = new Array(n);
        for (let i = 0; i < n; i++) row[i] = parseValue(raw[i], fields[i].dataTypeID, parsers[i]);
        rows[r] = row;
      } else {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) row[fields[i].name] = parseValue(raw[i], fields[i].dataTypeID, parsers[i]);
        rows[r] = row;
      }
    }
    const res: PgliteLikeResults = { rows, fields, affectedRows: out.affectedRows, command: out.command };
    if (out.rowCount !== undefined) res.rowCount = out.rowCount;
    return res;
  }
}

/** As PGlite's parseType: null stays null, a value without a parser stays text. */
function parseValue(x: string | null, typeId: number, parser: ((value: string, typeId: number) => unknown) | undefined): unknown {
  return x === null ? null : parser ? parser(x, typeId) : x;
}

/** A parameter as text (or bytes), converted like node-postgres does; dates in UTC like PGlite. */
export function toParam(v: unknown): string | Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if (v instanceof Uint8Array) return v;
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return arrayLiteral(v);
    return JSON.stringify(v);
  }
  return String(v);
}

function arrayLiteral(items: unknown[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    if (i) out += ',';
    const item = items[i];
    if (item === null || item === undefined) out += 'NULL';
    else if (Array.isArray(item)) out += arrayLiteral(item);
    else if (ArrayBuffer.isView(item)) out += '"\\\\x' + Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('hex') + '"';
    else out += '"' + (toParam(item) as string).replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  }
  return out + '}';
}

/**
 * A Bind message for the unnamed portal: text parameters (bytes as binary), text results. Written in
 * one allocation; PGlite's general serializer (a growing writer, one flush per message part) was
 * ~3% of the server's CPU under load.
 */
export function bindMessage(statement: string, values: Array<string | Uint8Array | null>): Uint8Array {
  const n = values.length;
  const nameBytes = Buffer.byteLength(statement);
  // 'B', length, portal "" + NUL, statement + NUL, format count + formats, value count, values, result format count.
  let size = 1 + 4 + 1 + nameBytes + 1 + 2 + 2 * n + 2 + 2;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    size += 4 + (v === null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  out[at++] = 0x42;
  out.writeInt32BE(size - 1, at); at += 4;
  out[at++] = 0;
  at += out.write(statement, at);
  out[at++] = 0;
  out.writeInt16BE(n, at); at += 2;
  for (let i = 0; i < n; i++) { out.writeInt16BE(values[i] instanceof Uint8Array ? 1 : 0, at); at += 2; }
  out.writeInt16BE(n, at); at += 2;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) { out.writeInt32BE(-1, at); at += 4; }
    else if (typeof v === 'string') { const len = out.write(v, at + 4); out.writeInt32BE(len, at); at += 4 + len; }
    else { out.writeInt32BE(v.length, at); out.set(v, at + 4); at += 4 + v.length; }
  }
  out.writeInt16BE(0, at);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

interface Reply {
  parsed: boolean;
  fields: PgliteLikeResults['fields'] | null;
  rows: Array<Array<string | null>>;
  affectedRows: number;
  rowCount?: number;
  command?: string;
  error: (Error & { code?: string }) | null;
}

const ERROR_FIELDS: Record<string, string> = {
  S: 'severity', C: 'code', D: 'detail', H: 'hint', P: 'position', p: 'internalPosition', q: 'internalQuery', W: 'where',
  s: 'schema', t: 'table', c: 'column', d: 'dataType', n: 'constraint', F: 'file', L: 'line', R: 'routine',
};

/** Reads the backend messages of one extended-protocol exchange. */
function readReply(u8: Uint8Array): Reply {
  const b = Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  const out: Reply = { parsed: false, fields: null, rows: [], affectedRows: 0, error: null };
  let off = 0;
  while (off + 5 <= b.length) {
    const code = b[off];
    const end = off + 1 + b.readInt32BE(off + 1);
    let p = off + 5;
    switch (code) {
      case 0x31: out.parsed = true; break; // '1' ParseComplete
      case 0x6e: out.fields ??= []; break; // 'n' NoData: the statement returns no rows
      case 0x54: { // 'T' RowDescription
        const n = b.readInt16BE(p); p += 2;
        const fields = new Array(n);
        for (let i = 0; i < n; i++) {
          const z = b.indexOf(0, p);
          const name = b.toString('utf8', p, z);
          p = z + 1 + 4 + 2; // table oid, column number
          const dataTypeID = b.readInt32BE(p);
          p += 4 + 2 + 4 + 2; // type oid, size, modifier, format
          fields[i] = { name, dataTypeID };
        }
        out.fields = fields;
        break;
      }
      case 0x44: { // 'D' DataRow
        const n = b.readInt16BE(p); p += 2;
        const row = new Array<string | null>(n);
        for (let i = 0; i < n; i++) {
          const len = b.readInt32BE(p); p += 4;
          if (len < 0) row[i] = null;
          else { row[i] = b.toString('utf8', p, p + len); p += len; }
        }
        out.rows.push(row);
        break;
      }
      case 0x43: { // 'C' CommandComplete: "INSERT 0 3", "UPDATE 2", "SELECT 5"
        const text = b.toString('utf8', p, end - 1);
        const words = text.split(' ');
        out.command = words[0];
        const count = parseInt(words[words.length - 1], 10);
        if (!Number.isNaN(count)) {
          out.rowCount = count;
          if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(out.command)) out.affectedRows += count;
        }
        break;
      }
      case 0x45: { // 'E' ErrorResponse
        const f: Record<string, string> = {};
        while (p < end && b[p] !== 0) {
          const key = String.fromCharCode(b[p]);
          const z = b.indexOf(0, p + 1);
          f[key] = b.toString('utf8', p + 1, z);
          p = z + 1;
        }
        const err = new protocol.messages.DatabaseError(f.M ?? 'database error', end - off, 'error') as unknown as Record<string, unknown>;
        for (const [k, name] of Object.entries(ERROR_FIELDS)) if (f[k] !== undefined) err[name] = f[k];
        out.error ??= err as unknown as Error & { code?: string };
        break;
      }
      default: break; // '2' BindComplete, '3' CloseComplete, 'n' NoData, 'Z' ReadyForQuery, 'N' notices, 'S' parameter status
    }
    off = end;
  }
  return out;
}
