/**
 * The server side of gRPC over HTTP/2 that go-plugin and tfplugin6 use, on node:http2: unary
 * calls, server streams and bidirectional streams of raw message bytes, with the status in the
 * trailers. Nothing else of gRPC is needed here: no compression (Terraform sends none), no
 * deadlines to enforce (the client does), no interceptors, no client side.
 *
 * See https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md for the wire format.
 */
import { EventEmitter } from 'node:events';
import * as http2 from 'node:http2';
import type { Duplex } from 'node:stream';

/** The gRPC status codes the provider answers with. */
export enum GrpcStatus {
  OK = 0,
  INVALID_ARGUMENT = 3,
  NOT_FOUND = 5,
  UNIMPLEMENTED = 12,
  INTERNAL = 13,
}

/** An error a handler answers with: a gRPC status and its message. */
export interface GrpcError extends Error {
  readonly code: GrpcStatus;
  readonly details?: string;
}

export interface MethodDefinition {
  /** `/package.Service/Method`. */
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

export type UnaryHandler = (call: ServerCall, respond: (error: GrpcError | null, response?: Buffer) => void) => void;
export type StreamHandler = (call: ServerCall) => void;

interface Registered {
  readonly definition: MethodDefinition;
  readonly handler: UnaryHandler | StreamHandler;
}

const HEADER_BYTES = 5;
const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };
const OK_TRAILERS = { 'grpc-status': '0' };
const NO_BYTES = Buffer.alloc(0);

/**
 * One call. Events: `data` (a request message, streaming requests only), `end` (the client is
 * done sending), `cancelled` (the client reset the stream or the connection went away before the
 * call ended), `finish` (the response is complete).
 */
export class ServerCall extends EventEmitter {
  /** The request message of a call without a request stream. */
  public request: Buffer = NO_BYTES;
  private headersSent = false;
  private ended = false;

  constructor(private readonly stream: http2.ServerHttp2Stream) {
    super();
  }

  /** Sends one response message (streaming responses). */
  write(message: Buffer): void {
    if (this.ended || this.stream.destroyed) return;
    this.sendHeaders();
    this.stream.write(frame(message));
  }

  /** Ends the response with status OK. */
  end(): void {
    this.finish(GrpcStatus.OK, '');
  }

  /** Ends the response with a status, as trailers (or trailers only, when nothing was sent). */
  finish(code: GrpcStatus, message: string, last?: Buffer): void {
    if (this.ended || this.stream.destroyed) return;
    this.ended = true;
    const trailers = code === GrpcStatus.OK && message === '' ? OK_TRAILERS : { 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) };
    if (!this.headersSent && last === undefined) {
      this.stream.respond({ ...RESPONSE_HEADERS, ...trailers }, { endStream: true });
    } else {
      this.sendHeaders();
      this.stream.once('wantTrailers', () => this.stream.sendTrailers(trailers));
      this.stream.end(last === undefined ? undefined : frame(last));
    }
    this.emit('finish');
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private sendHeaders(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    this.stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
  }
}

/** A gRPC server over connections handed to it (see `injectConnection`). */
export class GrpcServer {
  private readonly methods = new Map<string, Registered>();
  private readonly http2Server = http2.createServer();
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  constructor() {
    this.http2Server.on('session', (session) => {
      this.sessions.add(session);
      session.on('error', () => undefined); // the peer went away; its calls are cancelled
      session.once('close', () => this.sessions.delete(session));
    });
    this.http2Server.on('stream', (stream, headers) => this.dispatch(stream, headers));
  }

  /** Registers the handlers of a service's methods, by method name. */
  addService(definitions: Readonly<Record<string, MethodDefinition>>, handlers: Readonly<Record<string, UnaryHandler | StreamHandler>>): void {
    for (const [name, definition] of Object.entries(definitions)) {
      const handler = handlers[name];
      if (handler !== undefined) this.methods.set(definition.path, { definition, handler });
    }
  }

  /** Serves HTTP/2 on a connection (a TLS socket after our own handshake, or plain TCP). */
  injectConnection(connection: Duplex): void {
    this.http2Server.emit('connection', connection);
  }

  /** Closes every connection once its calls are done; `done` runs when none is left. */
  tryShutdown(done: () => void): void {
    if (this.sessions.size === 0) {
      done();
      return;
    }
    let open = this.sessions.size;
    for (const session of this.sessions) {
      session.close(() => {
        if (--open === 0) done();
      });
    }
  }

  /** Drops every connection now. */
  forceShutdown(): void {
    for (const session of this.sessions) session.destroy();
  }

  private dispatch(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on('error', () => undefined); // a reset stream; the call sees `cancelled`
    const call = new ServerCall(stream);
    const registered = this.methods.get(String(headers[':path']));
    if (!registered) {
      call.finish(GrpcStatus.UNIMPLEMENTED, `unknown method ${String(headers[':path'])}`);
      return;
    }
    const encoding = headers['grpc-encoding'];
    if (encoding !== undefined && encoding !== 'identity') {
      call.finish(GrpcStatus.UNIMPLEMENTED, `message encoding ${String(encoding)} is not supported`);
      return;
    }
    stream.once('close', () => {
      if (!call.isEnded) call.emit('cancelled');
    });
    const { definition, handler } = registered;
    const messages = new MessageReader((message) => {
      if (definition.requestStream) call.emit('data', message);
      else call.request = message;
    });
    stream.on('data', (chunk: Buffer) => {
      if (!messages.push(chunk)) call.finish(GrpcStatus.UNIMPLEMENTED, 'compressed messages are not supported');
    });
    if (definition.requestStream) {
      stream.once('end', () => call.emit('end'));
      (handler as StreamHandler)(call);
      return;
    }
    stream.once('end', () => {
      if (call.isEnded) return;
      if (definition.responseStream) {
        (handler as StreamHandler)(call);
        return;
      }
      (handler as UnaryHandler)(call, (error, response) => {
        if (error) call.finish(error.code, error.details ?? error.message);
        else call.finish(GrpcStatus.OK, '', response ?? NO_BYTES);
      });
    });
  }
}

/** Splits the request's bytes into length-prefixed messages. */
class MessageReader {
  private pending: Buffer = NO_BYTES;

  constructor(private readonly onMessage: (message: Buffer) => void) {}

  /** False when a message is compressed (never offered, so never expected). */
  push(chunk: Buffer): boolean {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= HEADER_BYTES) {
      const length = this.pending.readUInt32BE(1);
      if (this.pending.length < HEADER_BYTES + length) break;
      if (this.pending[0] !== 0) return false;
      this.onMessage(this.pending.subarray(HEADER_BYTES, HEADER_BYTES + length));
      this.pending = this.pending.subarray(HEADER_BYTES + length);
    }
    return true;
  }
}

/** The message behind its 5-byte prefix: not compressed, then the length. */
function frame(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(HEADER_BYTES + message.length);
  framed[0] = 0;
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, HEADER_BYTES);
  return framed;
}

/** grpc-message is percent-encoded UTF-8: printable ASCII except `%` goes as is. */
export function encodeGrpcMessage(message: string): string {
  let encoded = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
