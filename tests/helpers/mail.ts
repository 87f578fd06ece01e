import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export type MailServer = { port: number; received: ParsedMail[]; close: () => Promise<void> };

/**
 * A real SMTP server on 127.0.0.1 that parses each message it accepts. No STARTTLS (nodemailer
 * would refuse its self-signed certificate); `auth` makes it require that user. `beforeAccept`
 * runs after the message data arrived and before the 250, to hold or refuse it.
 */
export async function startMailServer(opts: { port?: number; auth?: { user: string; pass: string }; beforeAccept?: (mail: ParsedMail) => Promise<void> } & Partial<SMTPServerOptions> = {}): Promise<MailServer> {
  const received: ParsedMail[] = [];
  const { port = 0, auth, beforeAccept, ...rest } = opts;
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !auth,
    logger: false,
    onAuth(a, _session, callback) {
      if (auth && a.username === auth.user && a.password === auth.pass) return callback(null, { user: a.username });
      callback(new Error('535 5.7.8 Authentication credentials invalid'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          await beforeAccept?.(mail);
          received.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
    ...rest,
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return { port: address.port, received, close: () => new Promise((r) => server.close(() => r())) };
}

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
export type HttpReceiver = { url: string; received: Received[]; close: () => Promise<void> };

/** A local HTTP server that records each request and answers `status`. */
export async function startReceiver(status: () => number = () => 200): Promise<HttpReceiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(status()).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}
