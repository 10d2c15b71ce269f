import { FaultInjector } from './faults';
import { RequestCounts, RequestLogEntry, RunningServer, SimulatorServer, StartOptions } from './server';

/**
 * What every vendor simulator offers beside its API: its address, the fault switch, the request
 * log, start, stop and reset. A vendor's simulator extends this and builds `server` (its routes,
 * error shapes, state and reset hooks) in its constructor.
 */
export abstract class VendorSimulator {
  protected abstract readonly server: SimulatorServer;

  /** Base URL, e.g. `http://127.0.0.1:4646`, once started. */
  public get url(): string {
    return this.server.url;
  }

  public get port(): number {
    return this.server.port;
  }

  /** Switch for latency, 429, 5xx, dropped connections and lost answers. */
  public get faults(): FaultInjector {
    return this.server.faults;
  }

  /** Requests handled so far, secrets redacted. */
  public get requests(): readonly RequestLogEntry[] {
    return this.server.requests;
  }

  /** How many vendor requests were served since start or reset, and how many faults answered. */
  public get requestCounts(): RequestCounts {
    return this.server.requestCounts;
  }

  public start(options: StartOptions = {}): Promise<RunningServer> {
    return this.server.start(options);
  }

  public stop(): Promise<void> {
    return this.server.stop();
  }

  /** Back to the seeded state; faults and the request log cleared. */
  public reset(): void {
    this.server.reset();
  }
}
