/**
 * Real local receivers for notification tests: an HTTP server that records each request (and can
 * answer with a scripted sequence of statuses, e.g. 503 then 200) and an in-process SMTP server.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { DeliveryRuntime } from '../../src/notify/delivery.ts';
import { ManualClock } from '../../src/ports/clock.ts';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: unknown;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Statuses for the next requests, in order; afterwards 200. */
  script(...statuses: number[]): void;
  /** Decides the answer from the request (overrides the script). */
  handler?: (request: ReceivedRequest) => { status: number; body?: string; headers?: Record<string, string> };
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const queue: number[] = [];
  const receiver: HttpReceiver = {
    url: '',
    requests: [],
    script: (...statuses) => queue.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, json };
      receiver.requests.push(request);
      const answer = receiver.handler?.(request) ?? { status: queue.shift() ?? 200, body: 'ok' };
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  url: string;
  mails: ReceivedMail[];
  /** SMTP reply codes for the next messages (e.g. 451 = try later); afterwards accept. */
  script(...codes: number[]): void;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const queue: number[] = [];
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = queue.shift();
        if (code && code >= 400) {
          return callback(Object.assign(new Error(`scripted failure ${code}`), { responseCode: code }));
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    script: (...codes) => queue.push(...codes),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Retries without waiting: the delays asked for are recorded instead of slept. */
export function instantRuntime(clock = new ManualClock(Date.UTC(2026, 10, 25, 9, 0))): DeliveryRuntime & {
  delays: number[];
} {
  const delays: number[] = [];
  let seed = 42;
  return {
    clock,
    delays,
    sleep: async (ms) => {
      delays.push(ms);
      clock.advance(ms);
    },
    random: () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    },
  };
}

/** The decoded text/html and text/plain parts of a raw MIME message (quoted-printable or base64). */
export function mimeParts(raw: string): { html?: string; text?: string; subject?: string } {
  const out: { html?: string; text?: string; subject?: string } = {};
  const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/im.exec(raw)?.[1];
  if (subject) out.subject = decodeHeader(subject.replace(/\r\n[ \t]/g, ' '));
  for (const part of raw.split(/\r\n--[^\r\n]+\r\n/)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const body = part.slice(split + 4).split(/\r\n--/)[0];
    const type = /Content-Type: text\/(html|plain)/i.exec(head)?.[1]?.toLowerCase();
    if (!type) continue;
    const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(head)?.[1]?.toLowerCase();
    const decoded =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body)
          : body;
    if (type === 'html') out.html = decoded;
    else out.text = decoded;
  }
  return out;
}

function decodeQuotedPrintable(body: string): string {
  const soft = body.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}
