import { setMaxListeners } from 'node:events';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { CloudEvent, HTTP } from 'cloudevents';
import { SimulatedEvent } from './events';
import { WEBHOOK_AUDIENCE } from './issuer';
import { Logger } from '../../util/log';

/** How the simulator retries a sink that fails. The document is silent on Chainguard's policy: these are the simulator's. */
export interface DeliveryOptions {
  /** Attempts per event and subscription, the first included. Default 5. */
  readonly maxAttempts: number;
  /** Wait before the second attempt; doubles each time. Default 500 ms. */
  readonly initialBackoffMs: number;
  /** Longest wait between attempts. Default 30 s. */
  readonly maxBackoffMs: number;
  /** Per-attempt timeout. Default 10 s. */
  readonly timeoutMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { maxAttempts: 5, initialBackoffMs: 500, maxBackoffMs: 30_000, timeoutMs: 10_000 };

/** One event on its way to one subscription. */
export interface DeliveryRecord {
  readonly eventId: string;
  readonly type: string;
  readonly subject: string;
  readonly subscriptionId: string;
  readonly sink: string;
  state: 'pending' | 'delivered' | 'failed';
  /** The outcome of each attempt: the sink's status, or the transport error's code. */
  readonly attempts: Array<number | string>;
}

/** Signs a body for the subscription's group: the Authorization token. */
export type TokenSigner = (group: string, body: string) => Promise<string>;

/**
 * Delivers events to sinks as Chainguard does: an HTTP POST in CloudEvents binary mode with the
 * document's headers, a fresh signed token per attempt, retried with exponential backoff on
 * transport errors, 408, 429 and 5xx. Other statuses are final (the sink refused the event).
 */
export class DeliveryQueue {
  private readonly log: Logger;
  private readonly history: DeliveryRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private controller = unlimitedController();

  constructor(private readonly options: DeliveryOptions, private readonly sign: TokenSigner, log: Logger) {
    this.log = log;
  }

  public get records(): readonly DeliveryRecord[] {
    return this.history;
  }

  /** Starts delivering; returns at once with the record that will show the outcome. */
  public enqueue(event: SimulatedEvent, subscription: { id: string; sink: string }): DeliveryRecord {
    const record: DeliveryRecord = {
      eventId: event.id, type: event.type, subject: event.subject, subscriptionId: subscription.id, sink: subscription.sink, state: 'pending', attempts: [],
    };
    this.history.push(record);
    const group = subscription.id.slice(0, subscription.id.lastIndexOf('/'));
    const running = this.run(event, group, record, this.controller.signal).finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
    return record;
  }

  /** Resolves once every delivery started so far has succeeded or given up. */
  public async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Abandons pending deliveries (the simulator stops or resets). */
  public cancel(): void {
    this.controller.abort();
    this.controller = unlimitedController();
  }

  public clear(): void {
    this.cancel();
    this.history.length = 0;
  }

  private async run(event: SimulatedEvent, group: string, record: DeliveryRecord, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; attempt <= this.options.maxAttempts && !signal.aborted; attempt++) {
      const outcome = await this.attempt(event, group, record.sink, signal);
      record.attempts.push(outcome);
      if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) {
        record.state = 'delivered';
        return;
      }
      if (!retryable(outcome) || attempt === this.options.maxAttempts) break;
      const delay = Math.min(this.options.initialBackoffMs * 2 ** (attempt - 1), this.options.maxBackoffMs);
      this.log.debug('event delivery failed, retrying', { type: event.type, sink: record.sink, outcome, attempt, delay_ms: delay });
      await sleep(delay, signal);
    }
    record.state = 'failed';
  }

  private async attempt(event: SimulatedEvent, group: string, sink: string, signal: AbortSignal): Promise<number | string> {
    const { headers, body } = encode(event);
    const token = await this.sign(group, body);
    try {
      return await post(sink, { 'Accept-Encoding': 'gzip', 'Authorization': `Bearer ${token}`, ...headers }, body, this.options.timeoutMs, signal);
    } catch (error) {
      return (error as { code?: string }).code ?? 'ERROR';
    }
  }
}

/**
 * CloudEvents binary mode (the cloudevents library's encoding), with header names in Go's
 * canonical form. Ce-Time keeps Go's nanoseconds, which the
 * library would round to milliseconds.
 */
export function encode(event: SimulatedEvent): { headers: Record<string, string>; body: string } {
  const cloudEvent = new CloudEvent({
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
    time: event.time,
    datacontenttype: 'application/json',
    data: event.data,
    group: event.group,
    audience: WEBHOOK_AUDIENCE,
  });
  const message = HTTP.binary(cloudEvent);
  const lower = Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const headers: Record<string, string> = {};
  for (const name of ['ce-audience', 'ce-group', 'ce-id', 'ce-source', 'ce-specversion', 'ce-subject', 'ce-time', 'ce-type', 'content-type']) {
    headers[canonical(name)] = name === 'ce-time' ? event.time : lower[name]!;
  }
  headers['User-Agent'] = 'Chainguard Enforce';
  return { headers, body: String(message.body) };
}

/** Every pending delivery listens to the one signal: many at once is the normal case, not a leak. */
function unlimitedController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

function canonical(name: string): string {
  return name.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('-');
}

function retryable(outcome: number | string): boolean {
  return typeof outcome === 'string' || outcome === 408 || outcome === 429 || outcome >= 500;
}

function post(sink: string, headers: Record<string, string>, body: string, timeoutMs: number, signal: AbortSignal): Promise<number> {
  const url = new URL(sink);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const bytes = Buffer.from(body, 'utf8');
  // Go's HTTP client writes header fields sorted by name, the order of the document's examples.
  const sorted = Object.fromEntries(Object.entries({ ...headers, 'Content-Length': String(bytes.length) }).sort(([a], [b]) => a.localeCompare(b)));
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: sorted, timeout: timeoutMs, signal }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(bytes);
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
