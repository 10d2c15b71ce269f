/**
 * The server side of gRPC over HTTP/2 that go-plugin and tfplugin6 use, on node:http2: unary
 * calls, server streams and bidirectional streams of raw message bytes, with the status in the
 * trailers. Nothing else of gRPC is needed here: no compression (Terraform sends none), no
 * deadlines to enforce (the client does), no interceptors, no client side. Requests that break the
 * protocol (wrong method or content-type, a unary call without exactly one whole message, a
 * compressed flag without an encoding, a message over the size limit) are refused with the status
 * the spec gives, and a handler that throws answers INTERNAL.
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
  RESOURCE_EXHAUSTED = 8,
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

/**
 * The largest request message accepted: Terraform's own limit on the messages it sends and
 * receives (grpcMaxMessageSize, 256 MiB, in internal/plugin6/grpc_provider.go).
 */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface GrpcServerOptions {
  /** The largest request message accepted; larger ones are refused with RESOURCE_EXHAUSTED. */
  readonly maxMessageBytes?: number;
}

const HEADER_BYTES = 5;
/** Responses up to this size are copied behind their prefix (one write); larger ones are written after it. */
const COPY_LIMIT = 64 * 1024;
const RESPONSE_HEADERS = { ':status': 200, 'content-type': 'application/grpc' };
const OK_TRAILERS = { 'grpc-status': '0' };
const NO_BYTES = Buffer.alloc(0);

/**
 * One call. Events: `data` (a request message, streaming requests only), `end` (the client is
 * done sending), `cancelled` (the client reset the stream or the connection went away before the
 * call ended), `drain` (after `write` returned false, the response stream can take more), `finish`
 * (the response is complete).
 */
export class ServerCall extends EventEmitter {
  /** The request message of a call without a request stream. */
  public request: Buffer = NO_BYTES;
  private headersSent = false;
  private ended = false;
  private draining = false;

  constructor(private readonly stream: http2.ServerHttp2Stream) {
    super();
  }

  /**
   * Sends one response message (streaming responses). False when the stream's buffer is full:
   * wait for `drain` before writing more. Writes after the end are dropped.
   */
  write(message: Buffer): boolean {
    if (this.ended || this.stream.destroyed) return true;
    this.sendHeaders();
    if (send(this.stream, message, false)) return true;
    if (!this.draining) {
      this.draining = true;
      this.stream.once('drain', () => {
        this.draining = false;
        this.emit('drain');
      });
    }
    return false;
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
      closeEarly(this.stream);
    } else {
      this.sendHeaders();
      this.stream.once('wantTrailers', () => {
        this.stream.sendTrailers(trailers);
        closeEarly(this.stream);
      });
      if (last === undefined) this.stream.end();
      else send(this.stream, last, true);
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
  // Node refuses new streams (ENHANCE_YOUR_CALM) once a session holds 10 MiB, which one large
  // response waiting on flow control does; grpc-js lifts the limit the same way.
  private readonly http2Server = http2.createServer({ maxSessionMemory: Number.MAX_SAFE_INTEGER });
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly maxMessageBytes: number;

  constructor(options: GrpcServerOptions = {}) {
    this.maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
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
    const contentType = headers['content-type'];
    if (contentType === undefined || !contentType.startsWith('application/grpc')) {
      refuseMediaType(stream, contentType);
      return;
    }
    const call = new ServerCall(stream);
    const registered = this.methods.get(String(headers[':path']));
    const refusal = headers[':method'] !== 'POST' ? { code: GrpcStatus.INTERNAL, message: `method ${String(headers[':method'])} is not POST` }
      : !registered ? { code: GrpcStatus.UNIMPLEMENTED, message: `unknown method ${String(headers[':path'])}` }
        : unsupportedEncoding(headers['grpc-encoding']);
    if (refusal !== undefined || registered === undefined) {
      if (refusal) call.finish(refusal.code, refusal.message);
      return;
    }
    stream.once('close', () => {
      if (!call.isEnded) call.emit('cancelled');
    });
    this.serve(stream, call, registered);
  }

  private serve(stream: http2.ServerHttp2Stream, call: ServerCall, { definition, handler }: Registered): void {
    const onMessage = definition.requestStream
      ? (message: Buffer) => guard(call, () => call.emit('data', message))
      : (message: Buffer) => { call.request = message; };
    const messages = new MessageReader(this.maxMessageBytes, !definition.requestStream, onMessage);
    stream.on('data', (chunk: Buffer) => {
      if (call.isEnded) return;
      const refusal = messages.push(chunk);
      if (refusal) call.finish(refusal.code, refusal.message);
    });
    if (definition.requestStream) guard(call, () => (handler as StreamHandler)(call));
    stream.once('end', () => {
      if (call.isEnded) return;
      const refusal = messages.end();
      if (refusal) {
        call.finish(refusal.code, refusal.message);
      } else if (definition.requestStream) {
        guard(call, () => call.emit('end'));
      } else if (definition.responseStream) {
        guard(call, () => (handler as StreamHandler)(call));
      } else {
        guard(call, () => (handler as UnaryHandler)(call, (error, response) => {
          if (error) call.finish(error.code, error.details ?? error.message);
          else call.finish(GrpcStatus.OK, '', response ?? NO_BYTES);
        }));
      }
    });
  }
}

/** Why a request is refused: a gRPC status and its message. */
interface Refusal {
  readonly code: GrpcStatus;
  readonly message: string;
}

/** Runs a handler; one that throws ends its call with INTERNAL rather than leaving it open. */
function guard(call: ServerCall, run: () => void): void {
  try {
    run();
  } catch (error) {
    call.finish(GrpcStatus.INTERNAL, `the handler failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function unsupportedEncoding(encoding: string | string[] | undefined): Refusal | undefined {
  if (encoding === undefined || encoding === 'identity') return undefined;
  return { code: GrpcStatus.UNIMPLEMENTED, message: `message encoding ${String(encoding)} is not supported` };
}

/** Not gRPC: HTTP 415, so that no HTTP client takes the answer for a success (PROTOCOL-HTTP2.md). */
function refuseMediaType(stream: http2.ServerHttp2Stream, contentType: string | undefined): void {
  const message = `content-type ${contentType ?? '(none)'} is not application/grpc`;
  stream.respond({ ':status': 415, 'grpc-status': String(GrpcStatus.INTERNAL), 'grpc-message': encodeGrpcMessage(message) }, { endStream: true });
  closeEarly(stream);
}

/**
 * After a response that ends before the request does, resets the stream with NO_ERROR so that
 * the client stops sending (PROTOCOL-HTTP2.md, "Early Server Closure").
 */
function closeEarly(stream: http2.ServerHttp2Stream): void {
  if (!stream.readableEnded && !stream.closed) stream.close(http2.constants.NGHTTP2_NO_ERROR);
}

/**
 * Splits the request's bytes into length-prefixed messages. Chunks are kept as they come with a
 * byte count and joined once per message (only when it spans several), so that large messages
 * cost linear time; a message over the limit is refused as soon as its prefix is in.
 */
class MessageReader {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the message whose prefix is in, or -1. */
  private expected = -1;
  private received = 0;

  /** `single`: the request is one message (a unary or server-streaming call). */
  constructor(private readonly maxBytes: number, private readonly single: boolean, private readonly onMessage: (message: Buffer) => void) {}

  push(chunk: Buffer): Refusal | undefined {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < HEADER_BYTES) return undefined;
        const refusal = this.readPrefix();
        if (refusal) return refusal;
      }
      if (this.buffered < HEADER_BYTES + this.expected) return undefined;
      const message = this.take(HEADER_BYTES + this.expected).subarray(HEADER_BYTES);
      this.expected = -1;
      this.received++;
      this.onMessage(message);
    }
  }

  /** Why the request, now complete, is refused: it ended inside a message, or a unary one had none. */
  end(): Refusal | undefined {
    if (this.buffered > 0) return { code: GrpcStatus.INTERNAL, message: `the request ended inside a message (${this.buffered} bytes left over)` };
    if (this.single && this.received === 0) return { code: GrpcStatus.INTERNAL, message: 'the request carried no message' };
    return undefined;
  }

  private readPrefix(): Refusal | undefined {
    if (this.chunks[0].length < HEADER_BYTES) this.chunks.splice(0, this.chunks.length, Buffer.concat(this.chunks, this.buffered));
    const head = this.chunks[0];
    if (head[0] !== 0) {
      // Any encoding but identity was refused up front, so no compressed message can be read.
      return { code: GrpcStatus.INTERNAL, message: head[0] === 1 ? 'a compressed message without grpc-encoding' : `invalid compressed flag ${head[0]}` };
    }
    if (this.single && this.received > 0) return { code: GrpcStatus.INTERNAL, message: 'more than one request message on a unary call' };
    const length = head.readUInt32BE(1);
    if (length > this.maxBytes) return { code: GrpcStatus.RESOURCE_EXHAUSTED, message: `received message larger than max (${length} vs. ${this.maxBytes})` };
    this.expected = length;
    return undefined;
  }

  /** The next `size` buffered bytes: a view when the first chunk holds them, else one copy. */
  private take(size: number): Buffer {
    this.buffered -= size;
    const first = this.chunks[0];
    if (first.length >= size) {
      if (first.length === size) this.chunks.shift();
      else this.chunks[0] = first.subarray(size);
      return first.subarray(0, size);
    }
    const whole = Buffer.allocUnsafe(size);
    let offset = 0;
    let used = 0;
    while (offset < size) {
      const chunk = this.chunks[used];
      const part = Math.min(chunk.length, size - offset);
      chunk.copy(whole, offset, 0, part);
      offset += part;
      if (part === chunk.length) used++;
      else this.chunks[used] = chunk.subarray(part);
    }
    this.chunks.splice(0, used);
    return whole;
  }
}

/**
 * Writes a message behind its 5-byte prefix (not compressed, then the length), ending the stream
 * with it when `last`. Small messages are copied into one buffer, cheaper than two writes; large
 * ones are written after their prefix, uncopied. Returns the stream's `write` backpressure.
 */
function send(stream: http2.ServerHttp2Stream, message: Buffer, last: boolean): boolean {
  if (message.length <= COPY_LIMIT) {
    const framed = Buffer.allocUnsafe(HEADER_BYTES + message.length);
    framed[0] = 0;
    framed.writeUInt32BE(message.length, 1);
    message.copy(framed, HEADER_BYTES);
    if (!last) return stream.write(framed);
    stream.end(framed);
    return true;
  }
  const prefix = Buffer.allocUnsafe(HEADER_BYTES);
  prefix[0] = 0;
  prefix.writeUInt32BE(message.length, 1);
  stream.write(prefix);
  if (!last) return stream.write(message);
  stream.end(message);
  return true;
}

/** grpc-message is percent-encoded UTF-8: printable ASCII except `%` goes as is. */
export function encodeGrpcMessage(message: string): string {
  let encoded = '';
  for (const byte of Buffer.from(message, 'utf8')) {
    encoded += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
