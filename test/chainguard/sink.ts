import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChainguardEventReceiver, ChainguardReceiveResult } from '../../src/chainguard';

/** One POST as the sink received it. */
export interface Received {
  readonly path: string;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  /** Names exactly as sent on the wire, in order. */
  readonly rawHeaderNames: string[];
  readonly body: string;
  /** The receiver's verdict, when the sink verifies. */
  readonly verdict?: ChainguardReceiveResult;
}

/**
 * A webhook endpoint for tests: records every request, and answers with the receiver's status
 * (when given one), or with the next scripted status, else 200.
 */
export class TestSink {
  public readonly received: Received[] = [];
  public receiver: ChainguardEventReceiver | undefined;
  public readonly script: number[] = [];
  private server: Server | undefined;
  private base = '';

  public get url(): string {
    return this.base;
  }

  public async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req).then(status => {
        res.writeHead(status);
        res.end();
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  public clear(): void {
    this.received.length = 0;
    this.script.length = 0;
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    const rawHeaderNames = req.rawHeaders.filter((_, index) => index % 2 === 0);
    const verdict = this.receiver === undefined ? undefined : await this.receiver.receive(headers, body);
    this.received.push({ path: req.url ?? '/', headers, rawHeaderNames, body, verdict });
    return this.script.shift() ?? verdict?.status ?? 200;
  }
}
