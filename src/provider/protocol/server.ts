/**
 * The server side of hashicorp/go-plugin as Terraform's plugin client expects it: checks the
 * handshake environment, serves gRPC on 127.0.0.1 with automatic mutual TLS, prints the handshake
 * line, and serves tfplugin6.Provider plus go-plugin's controller, stdio, broker and health
 * services until Terraform shuts the plugin down.
 */
import { Console } from 'node:console';
import { writeSync } from 'node:fs';
import { PlainObject, RpcMethod, decodeMessage, encodeMessage, serviceMethods } from './codec';
import { GrpcError, GrpcServer, GrpcStatus, MethodDefinition, ServerCall, StreamHandler, UnaryHandler } from './grpc-server';
import { HandshakeError, PortRange, checkMagicCookie, handshakeLine, negotiateProtocol, portRange } from './handshake';
import { DiagnosticSeverity, ProviderHandlers, RpcContext, handlerName } from './messages';
import { listenMutualTls, listenPlainText } from './mtls';
import { exitSummary } from '../../util/exit-summary';
import { Logger, logger as createLogger, maskSecrets } from '../../util/log';

/** Handlers, or a function producing them that runs on the first RPC that needs them. */
export type HandlerSource = ProviderHandlers | (() => ProviderHandlers | Promise<ProviderHandlers>);

export interface ServeOptions {
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
  /** How often to check that Terraform is still alive; default 1000 ms. */
  readonly parentCheckIntervalMs?: number;
  /**
   * Encoded responses of tfplugin6.Provider RPCs whose answer never varies, by RPC name: sent as
   * they are, without decoding the request or loading the handlers.
   */
  readonly constantResponses?: Readonly<Record<string, Uint8Array>>;
}

const GRACEFUL_SHUTDOWN_MS = 500;
const PROVIDER_SERVICE = 'tfplugin6.Provider';
/** go-plugin's client pings this health service name (GRPCServiceName). */
const HEALTH_SERVICE_NAMES = new Set(['plugin', '']);
const HEALTH_SERVING = 1;
const HEALTH_SERVICE_UNKNOWN = 3;
/** plugin.Empty, encoded: a message without fields is no bytes (no protobuf definitions needed). */
const EMPTY_MESSAGE = Buffer.alloc(0);

/**
 * Serves the provider until Terraform shuts it down, then exits the process (code 0). Resolves
 * once the handshake line is written. A handshake problem (no magic cookie, protocol 6 not
 * offered, bad port range or client certificate) prints one line to stderr and exits 1.
 */
export async function servePlugin(source: HandlerSource, options: ServeOptions = {}): Promise<void> {
  routeConsoleToStderr();
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger('plugin');
  try {
    checkMagicCookie(env);
    const protocol = negotiateProtocol(env);
    const range = portRange(env);
    const plugin = new PluginServer(logger, options.parentCheckIntervalMs ?? 1000, source, options.constantResponses ?? {});
    // Terraform always sends a client certificate; without one (a test harness) there is no TLS.
    const { port, certificateBase64 } = await plugin.listen(range, env.PLUGIN_CLIENT_CERT);
    writeHandshakeLine(handshakeLine(protocol, port, certificateBase64));
    logger.debug('plugin serving', {
      address: `127.0.0.1:${port}`,
      protocol,
      tls: certificateBase64 !== '',
      // since the process started; not performance.now(), whose global loads perf_hooks on first use
      startup_ms: Math.round(process.uptime() * 1000),
    });
    plugin.watchProcess();
  } catch (error) {
    if (!(error instanceof HandshakeError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** Only the handshake line may reach stdout: Terraform reads it as the plugin's address. */
function routeConsoleToStderr(): void {
  globalThis.console = new Console({ stdout: process.stderr, stderr: process.stderr });
  // Once Terraform is gone stderr breaks (EPIPE); there is nowhere left to report that, and an
  // unhandled stream error would loop through the uncaught-exception logger.
  process.stderr.on('error', () => undefined);
}

function writeHandshakeLine(line: string): void {
  try {
    writeSync(1, line);
  } catch {
    process.stdout.write(line); // stdout set non-blocking by someone else (EAGAIN)
  }
}

/** The method table of a service, by method name. */
function methodDefinitions(methods: RpcMethod[]): Record<string, MethodDefinition> {
  return Object.fromEntries(methods.map((method) => [method.name, method]));
}

/**
 * One call's cancellation. Its AbortSignal is made only when a handler asks for it: most calls
 * (validation, state upgrades, plans) never do, and an AbortController on every call is a
 * measurable part of a plan of many resources.
 */
class CallCancellation {
  private controller?: AbortController;
  private reason?: Error;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: Error): void {
    this.reason ??= reason;
    this.controller?.abort(reason);
  }
}

class PluginServer {
  private readonly server = new GrpcServer();
  /** TF_LOG=trace: each RPC's time is logged (decided once: the environment is set at start). */
  private readonly traceCalls: boolean;
  private loaded?: Promise<ProviderHandlers>;
  private readonly inFlight = new Set<CallCancellation>();
  /** Streams that stay open for the connection's life (stdio, broker, health watch). */
  private readonly openStreams = new Set<OpenStream>();
  private shuttingDown = false;
  private closeListener?: () => void;

  constructor(
    private readonly logger: Logger,
    private readonly parentCheckIntervalMs: number,
    private readonly source: HandlerSource,
    private readonly constantResponses: Readonly<Record<string, Uint8Array>>,
  ) {
    this.traceCalls = logger.enabled('trace');
    this.addProviderService();
    this.addGoPluginServices();
    this.addHealthService();
  }

  /** Listens with mutual TLS when given Terraform's client certificate, in plain text otherwise. */
  async listen(range: PortRange, clientCertificatePem: string | undefined): Promise<{ port: number; certificateBase64: string }> {
    const listener = clientCertificatePem
      ? await listenMutualTls(this.server, range, clientCertificatePem, this.logger)
      : await listenPlainText(this.server, range);
    this.closeListener = listener.close;
    return listener;
  }

  /**
   * The handlers, resolved once, on the first RPC that needs them: the process Terraform starts
   * only for the schema never loads them when that answer is a constant response.
   */
  private handlers(): Promise<ProviderHandlers> {
    if (!this.loaded) {
      const { source } = this;
      this.loaded = Promise.resolve().then(() => (typeof source === 'function' ? source() : source));
      this.loaded.catch((error: unknown) => this.logger.error('the provider failed to start', { error }));
    }
    return this.loaded;
  }

  /** Watches the process's surroundings, once the handshake line is out. */
  watchProcess(): void {
    // Ctrl-C reaches the whole process group; Terraform cancels through StopProvider instead.
    process.on('SIGINT', () => this.logger.trace('ignoring interrupt; Terraform sends StopProvider'));
    // A stray exception in a timer or callback must not kill an apply half way.
    process.on('uncaughtException', (error) => this.logger.error('uncaught exception', { error, stack: error.stack }));
    process.on('unhandledRejection', (reason) => this.logger.error('unhandled rejection', { error: reason }));
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) this.shutdown('Terraform exited');
    }, this.parentCheckIntervalMs).unref();
  }

  // ---- tfplugin6.Provider ----------------------------------------------------------------

  private addProviderService(): void {
    const methods = serviceMethods(PROVIDER_SERVICE);
    const implementation: Record<string, UnaryHandler> = {};
    for (const method of methods) {
      implementation[method.name] = (call, callback) => {
        void this.answer(method, call, callback);
      };
    }
    this.server.addService(methodDefinitions(methods), implementation);
  }

  private async answer(
    method: RpcMethod,
    call: ServerCall,
    callback: (error: GrpcError | null, response?: Buffer) => void,
  ): Promise<void> {
    const cancellation = new CallCancellation();
    call.on('cancelled', () => cancellation.abort(new Error(`Terraform cancelled ${method.name}`)));
    if (method.name === 'StopProvider') this.abortInFlight(new Error('Terraform asked the provider to stop'));
    this.inFlight.add(cancellation);
    const started = Date.now();
    const context: RpcContext = { rpc: method.name, get signal() { return cancellation.signal; } };
    try {
      callback(null, await this.respond(method, call.request, context));
    } catch (error) {
      callback(asStatus(error));
    } finally {
      this.inFlight.delete(cancellation);
      if (this.traceCalls) this.logger.trace('rpc done', { rpc: method.name, ms: Date.now() - started });
    }
  }

  /** The encoded response; throws a gRPC status only when the response has no error field. */
  private async respond(method: RpcMethod, requestBytes: Buffer, context: RpcContext): Promise<Buffer> {
    const constant = this.constantResponses[method.name];
    if (constant) return Buffer.from(constant.buffer, constant.byteOffset, constant.byteLength);
    let request: PlainObject;
    try {
      request = decodeMessage(method.requestType, requestBytes);
    } catch (error) {
      throw status(GrpcStatus.INVALID_ARGUMENT, `cannot decode ${method.name} request: ${(error as Error).message}`);
    }
    let handlers: ProviderHandlers;
    try {
      handlers = await this.handlers();
    } catch (error) {
      return errorResponse(method, 'The secops provider failed to start', errorMessage(error));
    }
    const handler = handlers[handlerName(method.name)] as RawHandler | undefined;
    if (!handler) return missingHandlerResponse(method);
    let response: PlainObject;
    try {
      response = (await handler.call(handlers, request, context)) ?? {};
    } catch (error) {
      this.logger.error('handler failed', { rpc: method.name, error, stack: (error as Error)?.stack });
      return errorResponse(method, `${method.name} failed`, errorMessage(error));
    }
    try {
      return encodeMessage(method.responseType, response);
    } catch (error) {
      this.logger.error('handler returned an invalid response', { rpc: method.name, error });
      return errorResponse(method, `The secops provider returned an invalid ${method.name} response`, errorMessage(error));
    }
  }

  private abortInFlight(reason: Error): void {
    for (const cancellation of this.inFlight) cancellation.abort(reason);
  }

  // ---- go-plugin: controller, stdio, broker ----------------------------------------------

  private addGoPluginServices(): void {
    const [shutdown] = serviceMethods('plugin.GRPCController');
    this.server.addService(methodDefinitions([shutdown]), {
      Shutdown: ((_call, callback) => {
        callback(null, EMPTY_MESSAGE);
        setImmediate(() => this.shutdown('Terraform is done with the provider'));
      }) as UnaryHandler,
    });

    // Nothing is forwarded: console output already goes to stderr, which go-plugin reads
    // directly. The stream just stays open until shutdown, as go-plugin's does.
    const stdio = serviceMethods('plugin.GRPCStdio');
    this.server.addService(methodDefinitions(stdio), {
      StreamStdio: ((call) => this.holdOpen(call)) as StreamHandler,
    });

    // Providers never broker extra connections; accept the stream Terraform opens and idle.
    const broker = serviceMethods('plugin.GRPCBroker');
    this.server.addService(methodDefinitions(broker), {
      StartStream: ((call) => {
        call.on('data', () => this.logger.trace('ignoring broker message'));
        call.on('end', () => call.end());
        this.holdOpen(call);
      }) as StreamHandler,
    });
  }

  // ---- grpc.health.v1.Health -------------------------------------------------------------

  private addHealthService(): void {
    const methods = serviceMethods('grpc.health.v1.Health');
    const [check] = methods;
    const serviceName = (bytes: Buffer) => String(decodeMessage(check.requestType, bytes).service);
    const healthResponse = (servingStatus: number) => encodeMessage(check.responseType, { status: servingStatus });
    this.server.addService(methodDefinitions(methods), {
      Check: ((call, callback) => {
        const name = serviceName(call.request);
        if (HEALTH_SERVICE_NAMES.has(name)) callback(null, healthResponse(HEALTH_SERVING));
        else callback(status(GrpcStatus.NOT_FOUND, `unknown service ${name}`));
      }) as UnaryHandler,
      Watch: ((call) => {
        const known = HEALTH_SERVICE_NAMES.has(serviceName(call.request));
        call.write(healthResponse(known ? HEALTH_SERVING : HEALTH_SERVICE_UNKNOWN));
        this.holdOpen(call);
      }) as StreamHandler,
    });
  }

  private holdOpen(call: OpenStream): void {
    if (this.shuttingDown) {
      call.end();
      return;
    }
    this.openStreams.add(call);
    const forget = () => this.openStreams.delete(call);
    call.on('cancelled', forget);
    call.on('error', forget);
    call.on('finish', forget);
  }

  // ---- shutdown --------------------------------------------------------------------------

  /** Ends open calls, lets responses drain briefly, then exits 0. */
  private shutdown(reason: string): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    // The process's CPU time and peak memory, start-up included: what the provider cost, apart from waiting on vendors.
    const { user, system } = process.cpuUsage();
    this.logger.debug('plugin shutting down', {
      reason, cpu_ms: Math.round((user + system) / 1000), max_rss_kb: process.resourceUsage().maxRSS, ...exitSummary(),
    });
    this.abortInFlight(new Error(reason));
    for (const stream of this.openStreams) stream.end();
    this.openStreams.clear();
    this.closeListener?.();
    const exit = () => process.exit(0);
    setTimeout(() => {
      this.server.forceShutdown();
      exit();
    }, GRACEFUL_SHUTDOWN_MS).unref();
    this.server.tryShutdown(exit);
  }
}

type OpenStream = ServerCall;
type RawHandler = (request: PlainObject, context: RpcContext) => Promise<PlainObject | undefined> | PlainObject | undefined;

/**
 * The answer for an RPC the handlers do not implement. Three RPCs have a natural answer; the rest
 * report "<RPC> is not supported" through their error channel.
 */
function missingHandlerResponse(method: RpcMethod): Buffer {
  switch (method.name) {
    case 'GetMetadata': // the protocol's documented fallback: clients then call GetProviderSchema
      throw status(GrpcStatus.UNIMPLEMENTED, 'GetMetadata is not implemented by the secops provider');
    case 'GetFunctions': // no handler, no functions
    case 'StopProvider': // the wire layer has already aborted every in-flight call
      return encodeMessage(method.responseType, {});
    default:
      return errorResponse(method, `${method.name} is not supported by the secops provider`, undefined, GrpcStatus.UNIMPLEMENTED);
  }
}

/**
 * A response that reports `summary` through the RPC's own error channel: an error diagnostic,
 * StopProvider's Error string, or CallFunction's FunctionError. An RPC with none (there is none
 * in protocol 6.8) fails with the gRPC status `code` instead.
 */
function errorResponse(method: RpcMethod, summary: string, detail?: string, code = GrpcStatus.INTERNAL): Buffer {
  const fields = method.responseType.fields;
  const text = maskSecrets(detail ? `${summary}: ${detail}` : summary);
  if (fields.diagnostics) {
    const diagnostic = { severity: DiagnosticSeverity.ERROR, summary: maskSecrets(summary), detail: detail && maskSecrets(detail) };
    return encodeMessage(method.responseType, { diagnostics: [diagnostic] });
  }
  if (fields.Error) return encodeMessage(method.responseType, { Error: text });
  if (fields.error) return encodeMessage(method.responseType, { error: { text } });
  throw status(code, text);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function status(code: GrpcStatus, details: string): GrpcError {
  return Object.assign(new Error(details), { code, details });
}

function asStatus(error: unknown): GrpcError {
  if (error instanceof Error && 'code' in error) return error as GrpcError;
  return status(GrpcStatus.INTERNAL, errorMessage(error));
}
