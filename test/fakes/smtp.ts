/**
 * A local fake SMTP server (the `smtp-server` package) that records what it receives, for the
 * email adapter tests. It parses just enough MIME to check a message: headers with RFC 2047
 * encoded words, multipart bodies, quoted-printable and base64 parts.
 *
 * Switches: `mode = 'reject-temporary'` answers 451 after DATA, `'reject-recipient'` answers 550
 * to RCPT TO, `'hang'` never answers MAIL FROM (the client must time out); `goDown()` closes the
 * port. Give `auth` to require AUTH PLAIN/LOGIN with those credentials.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export type SmtpFakeMode = 'accept' | 'reject-temporary' | 'reject-recipient' | 'hang';

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  /** The text/plain part, decoded. */
  text: string;
  /** The text/html part, decoded (empty when the message has none). */
  html: string;
  headers: Record<string, string>;
  raw: string;
}

interface MimeEntity { headers: Record<string, string>; body: string; parts: MimeEntity[] }

const withCode = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

export class FakeSmtp {
  mode: SmtpFakeMode = 'accept';
  readonly received: ReceivedEmail[] = [];
  /** SMTP transactions refused by a switch (counted so tests can see the adapter tried). */
  rejected = 0;
  private server: SMTPServer | undefined;
  private port = 0;

  constructor(private readonly auth?: { user: string; pass: string }) {}

  /** The URL to give the adapter, with credentials when the server requires them. */
  get url(): string {
    const cred = this.auth ? `${encodeURIComponent(this.auth.user)}:${encodeURIComponent(this.auth.pass)}@` : '';
    return `smtp://${cred}127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = new SMTPServer(this.options());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async goDown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async comeBack(): Promise<void> {
    this.mode = 'accept';
    if (!this.server) await this.start();
  }

  close(): Promise<void> {
    return this.goDown();
  }

  private options(): SMTPServerOptions {
    return {
      secure: false,
      disabledCommands: this.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !this.auth,
      allowInsecureAuth: true,
      logger: false,
      // Close quickly in tests: drop lingering connections after a second.
      closeTimeout: 1_000,
      onAuth: (auth, _session, cb) => {
        if (this.auth && auth.username === this.auth.user && auth.password === this.auth.pass) return cb(null, { user: auth.username });
        cb(withCode('Invalid username or password', 535));
      },
      onMailFrom: (_address, _session, cb) => {
        if (this.mode === 'hang') return; // never answers
        cb();
      },
      onRcptTo: (_address, _session, cb) => {
        if (this.mode === 'reject-recipient') {
          this.rejected++;
          return cb(withCode('Mailbox unavailable', 550));
        }
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.mode === 'reject-temporary') {
            this.rejected++;
            return cb(withCode('Try again later', 451));
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          this.received.push(toEmail(raw, from, session.envelope.rcptTo.map((r) => r.address)));
          cb();
        });
      },
    };
  }
}

function toEmail(raw: string, from: string, to: string[]): ReceivedEmail {
  const root = parseEntity(raw);
  const leaves = flatten(root);
  const part = (type: string) => leaves.find((p) => (p.headers['content-type'] ?? 'text/plain').toLowerCase().startsWith(type));
  return {
    from, to, raw,
    headers: root.headers,
    subject: root.headers.subject ?? '',
    text: part('text/plain') ? decodeBody(part('text/plain')!) : '',
    html: part('text/html') ? decodeBody(part('text/html')!) : '',
  };
}

function flatten(e: MimeEntity): MimeEntity[] {
  return e.parts.length ? e.parts.flatMap(flatten) : [e];
}

/** Splits an entity into unfolded, decoded headers (lower-case names) and body or parts. */
function parseEntity(text: string): MimeEntity {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const boundary = /multipart\/[^;]+;.*boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) return { headers, body, parts: [] };
  const parts = body.split(`--${boundary}`).slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .map((chunk) => parseEntity(chunk.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  return { headers, body: '', parts };
}

/** RFC 2047: =?charset?B|Q?text?= words; whitespace between two encoded words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')));
}

function decodeBody(part: MimeEntity): string {
  const cte = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') return decodeQuotedPrintable(part.body.replace(/=\r\n/g, ''));
  return part.body;
}

function decodeQuotedPrintable(text: string): string {
  const pieces = text.split(/(=[0-9A-Fa-f]{2})/).map((s) => (/^=[0-9A-Fa-f]{2}$/.test(s) ? Buffer.from([parseInt(s.slice(1), 16)]) : Buffer.from(s, 'utf8')));
  return Buffer.concat(pieces).toString('utf8');
}

/** Starts a fake SMTP server on 127.0.0.1:<random port>. */
export async function startFakeSmtp(opts: { auth?: { user: string; pass: string } } = {}): Promise<FakeSmtp> {
  return new FakeSmtp(opts.auth).start();
}
