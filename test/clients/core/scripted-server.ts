import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the scripted server does with one request. */
export type Step =
  | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  | { readonly drop: true }
  | { readonly hang: true };

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A real HTTP server on 127.0.0.1:0 answering requests from a script, one step per request
 * (the last step repeats), recording what it received.
 */
export class ScriptedServer {
  public readonly seen: SeenRequest[] = [];
  private server: Server | undefined;
  private steps: Step[] = [];
  private readonly hanging = new Set<ServerResponse>();

  public get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  public script(...steps: Step[]): void {
    this.steps = steps;
    this.seen.length = 0;
  }

  public async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  public async stop(): Promise<void> {
    for (const res of this.hanging) {
      res.destroy();
    }
    const server = this.server!;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    this.seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
    const step = this.steps.length > 1 ? this.steps.shift()! : this.steps[0] ?? { status: 200, body: '' };
    if ('drop' in step) {
      req.socket.destroy();
    } else if ('hang' in step) {
      this.hanging.add(res);
    } else {
      res.writeHead(step.status, step.headers ?? {});
      res.end(step.body ?? '');
    }
  }
}
