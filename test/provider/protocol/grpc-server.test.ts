// The provider's gRPC server (node:http2), checked with grpc-js's client, which speaks the
// protocol as grpc-go does, and with a bare HTTP/2 client for what a gRPC client never sends.
import { ClientHttp2Session, OutgoingHttpHeaders, connect } from 'node:http2';
import { AddressInfo, Server, createServer } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import {
  GrpcServer, GrpcStatus, MAX_MESSAGE_BYTES, MethodDefinition, ServerCall, StreamHandler, UnaryHandler, encodeGrpcMessage,
} from '../../../src/provider/protocol/grpc-server';

const method = (path: string, requestStream: boolean, responseStream: boolean): MethodDefinition => ({ path, requestStream, responseStream });
const DEFINITIONS = {
  Echo: method('/test.Service/Echo', false, false),
  Fail: method('/test.Service/Fail', false, false),
  Hang: method('/test.Service/Hang', false, false),
  Count: method('/test.Service/Count', false, true),
  Collect: method('/test.Service/Collect', true, false),
  Big: method('/test.Service/Big', false, false),
  Throw: method('/test.Service/Throw', false, false),
  Explode: method('/test.Service/Explode', false, true),
  Flood: method('/test.Service/Flood', false, true),
};
const passThrough = (bytes: Buffer) => bytes;
const clientDefinition = Object.fromEntries(Object.entries(DEFINITIONS).map(([name, definition]) => [name, {
  ...definition, requestSerialize: passThrough, requestDeserialize: passThrough, responseSerialize: passThrough, responseDeserialize: passThrough,
}]));
type Callback = (error: grpc.ServiceError | null, response?: Buffer) => void;
type TestClient = grpc.Client & {
  Echo(request: Buffer, callback: Callback): grpc.ClientUnaryCall;
  Fail(request: Buffer, callback: Callback): grpc.ClientUnaryCall;
  Hang(request: Buffer, callback: Callback): grpc.ClientUnaryCall;
  Count(request: Buffer): grpc.ClientReadableStream<Buffer>;
  Collect(callback: Callback): grpc.ClientWritableStream<Buffer>;
  Big(request: Buffer, callback: Callback): grpc.ClientUnaryCall;
  Throw(request: Buffer, callback: Callback): grpc.ClientUnaryCall;
  Explode(request: Buffer): grpc.ClientReadableStream<Buffer>;
  Flood(request: Buffer): grpc.ClientReadableStream<Buffer>;
};

/** A message behind its 5-byte prefix: the compressed flag, then the length. */
function framed(message: Buffer, flag = 0): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = flag;
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

interface RawAnswer {
  httpStatus?: number;
  status?: string;
  message?: string;
  body: Buffer;
  rstCode?: number;
}

/** One request of raw DATA chunks; resolves when the stream closes. `end: false` leaves the request open. */
function rawCall(session: ClientHttp2Session, chunks: Buffer[], headers: OutgoingHttpHeaders = {}, end = true): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const request = session.request({
      ':method': 'POST', ':path': '/test.Service/Echo', 'content-type': 'application/grpc', 'te': 'trailers', ...headers,
    }, { endStream: chunks.length === 0 && end });
    const answer: RawAnswer = { body: Buffer.alloc(0) };
    const take = (fields: Record<string, unknown>) => {
      if (fields[':status'] !== undefined) answer.httpStatus = Number(fields[':status']);
      if (fields['grpc-status'] !== undefined) answer.status = String(fields['grpc-status']);
      if (fields['grpc-message'] !== undefined) answer.message = String(fields['grpc-message']);
    };
    request.on('response', take);
    request.on('trailers', take);
    request.on('data', (chunk: Buffer) => { answer.body = Buffer.concat([answer.body, chunk]); });
    request.on('error', () => undefined);
    request.on('close', () => resolve({ ...answer, rstCode: request.rstCode }));
    chunks.forEach((chunk, index) => (index === chunks.length - 1 && end ? request.end(chunk) : request.write(chunk)));
  });
}

describe('the gRPC server', () => {
  const server = new GrpcServer();
  const hanging: ServerCall[] = [];
  const cancelled: string[] = [];
  let tcp: Server;
  let client: TestClient;

  beforeAll(async () => {
    server.addService(DEFINITIONS, {
      Echo: ((call, respond) => respond(null, Buffer.concat([Buffer.from('echo:'), call.request]))) as UnaryHandler,
      Fail: ((_call, respond) => respond(Object.assign(new Error('refused: 100% sure, café'), { code: GrpcStatus.NOT_FOUND }))) as UnaryHandler,
      Hang: ((call) => {
        hanging.push(call);
        call.on('cancelled', () => cancelled.push(call.request.toString()));
      }) as UnaryHandler,
      Count: ((call) => {
        for (let i = 0; i < Number(call.request.toString()); i++) call.write(Buffer.from(String(i)));
        call.end();
      }) as StreamHandler,
      Collect: ((call) => {
        const parts: string[] = [];
        call.on('data', (message: Buffer) => parts.push(message.toString()));
        call.on('end', () => call.finish(GrpcStatus.OK, '', Buffer.from(parts.join('+'))));
      }) as StreamHandler,
      Big: ((call, respond) => respond(null, Buffer.alloc(Number(call.request.toString()), 7))) as UnaryHandler,
      Throw: (() => {
        throw new Error('boom');
      }) as UnaryHandler,
      Explode: (() => {
        throw new Error('bang');
      }) as StreamHandler,
      Flood: ((call) => {
        // Writes 64 KiB messages, waiting for `drain` whenever write() asks to; reports the waits last.
        let sent = 0;
        let waits = 0;
        const more = () => {
          while (sent < Number(call.request.toString())) {
            if (!call.write(Buffer.alloc(64 * 1024, sent++ % 256))) {
              waits++;
              call.once('drain', more);
              return;
            }
          }
          call.write(Buffer.from(`waits:${waits}`));
          call.end();
        };
        more();
      }) as StreamHandler,
    });
    tcp = createServer((socket) => server.injectConnection(socket));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const Client = grpc.makeGenericClientConstructor(clientDefinition, 'test.Service');
    client = new Client(`127.0.0.1:${(tcp.address() as AddressInfo).port}`, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1,
    }) as unknown as TestClient;
  });

  afterAll(() => {
    client.close();
    server.forceShutdown();
    tcp.close();
  });

  const unary = (name: 'Echo' | 'Fail' | 'Throw', request: string) => new Promise<{ error: grpc.ServiceError | null; response?: string }>((resolve) => {
    client[name](Buffer.from(request), (error, response) => resolve({ error, response: response?.toString() }));
  });
  const port = () => (tcp.address() as AddressInfo).port;

  test('a unary call gets its response and status OK', async () => {
    expect(await unary('Echo', 'hello')).toEqual({ error: null, response: 'echo:hello' });
    // Empty messages and concurrent calls on one connection.
    const answers = await Promise.all(['', 'a', 'b'].map((text) => unary('Echo', text)));
    expect(answers.map((answer) => answer.response)).toEqual(['echo:', 'echo:a', 'echo:b']);
  });

  test('a handler\'s error reaches the client as its status code and message, percent-encoded on the wire', async () => {
    const { error } = await unary('Fail', 'x');
    expect(error).toMatchObject({ code: grpc.status.NOT_FOUND, details: 'refused: 100% sure, café' });
    expect(encodeGrpcMessage('100% sure, café')).toBe('100%25 sure, caf%C3%A9');
  });

  test('an unknown method is UNIMPLEMENTED', async () => {
    const Other = grpc.makeGenericClientConstructor({ Nope: { ...clientDefinition.Echo, path: '/test.Service/Nope' } }, 'test.Service');
    const other = new Other(client.getChannel().getTarget().replace(/^dns:/, ''), grpc.credentials.createInsecure()) as unknown as { Nope: TestClient['Echo']; close(): void };
    const error = await new Promise<grpc.ServiceError | null>((resolve) => other.Nope(Buffer.from(''), (e) => resolve(e)));
    other.close();
    expect(error).toMatchObject({ code: grpc.status.UNIMPLEMENTED, details: 'unknown method /test.Service/Nope' });
  });

  test('a server stream sends every message, then status OK', async () => {
    const stream = client.Count(Buffer.from('3'));
    const received: string[] = [];
    stream.on('data', (message: Buffer) => received.push(message.toString()));
    const status = await new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
    expect([received, status.code]).toEqual([['0', '1', '2'], grpc.status.OK]);
  });

  test('a client stream delivers each message, then its end', async () => {
    const response = await new Promise<string | undefined>((resolve, reject) => {
      const stream = client.Collect((error, answer) => (error ? reject(error) : resolve(answer?.toString())));
      ['a', 'bb', ''].forEach((part) => stream.write(Buffer.from(part)));
      stream.end();
    });
    expect(response).toBe('a+bb+');
  });

  test('a call the client cancels is told so', async () => {
    const call = client.Hang(Buffer.from('slow one'), () => undefined);
    while (hanging.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    call.cancel();
    while (cancelled.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(cancelled).toEqual(['slow one']);
  });

  test('a message split over several DATA frames arrives whole, however the prefix is cut', async () => {
    const session = connect(`http://127.0.0.1:${port()}`);
    const message = framed(Buffer.from('split'));
    const answer = await rawCall(session, [message.subarray(0, 3), message.subarray(3, 7), message.subarray(7)]);
    expect([answer.status, answer.body.subarray(5).toString()]).toEqual(['0', 'echo:split']);
    const bytes = [...message].map((byte) => Buffer.from([byte]));
    expect((await rawCall(session, bytes)).body.subarray(5).toString()).toBe('echo:split');
    session.close();
  });

  test('large messages go both ways, with calls on the same connection answered meanwhile', async () => {
    const request = Buffer.alloc(20 * 1024 * 1024, 3);
    const [echoed, small] = await Promise.all([
      new Promise<Buffer | undefined>((resolve, reject) => client.Echo(request, (error, response) => (error ? reject(error) : resolve(response)))),
      unary('Echo', 'small'),
    ]);
    expect(echoed?.length).toBe(request.length + 5);
    expect(echoed?.subarray(5).equals(request)).toBe(true);
    expect(small.response).toBe('echo:small');
  });

  test('new calls are served while a response larger than 10 MiB waits on flow control', async () => {
    // Node's default maxSessionMemory (10 MiB) refused new streams with ENHANCE_YOUR_CALM here.
    const session = connect(`http://127.0.0.1:${port()}`);
    const big = session.request({ ':method': 'POST', ':path': '/test.Service/Big', 'content-type': 'application/grpc', 'te': 'trailers' });
    big.on('error', () => undefined);
    big.end(framed(Buffer.from(String(12 * 1024 * 1024))));
    await new Promise((resolve) => big.once('response', resolve)); // then never read: the window fills
    const answers = await Promise.all(['a', 'b', 'c'].map((text) => rawCall(session, [framed(Buffer.from(text))])));
    expect(answers.map((answer) => [answer.status, answer.rstCode, answer.body.subarray(5).toString()]))
      .toEqual([['0', 0, 'echo:a'], ['0', 0, 'echo:b'], ['0', 0, 'echo:c']]);
    session.destroy(); // the big response is never read: a graceful close would wait for it
  });

  test('a unary request without exactly one whole message is INTERNAL, and the handler never runs', async () => {
    const session = connect(`http://127.0.0.1:${port()}`);
    const message = framed(Buffer.from('whole'));
    const statuses = await Promise.all([
      rawCall(session, []), // no message at all
      rawCall(session, [message.subarray(0, 3)]), // a prefix cut short
      rawCall(session, [message.subarray(0, 8)]), // a message cut short
      rawCall(session, [message, message]), // two messages
    ]);
    expect(statuses.map((answer) => [answer.status, answer.message, answer.body.length])).toEqual([
      ['13', 'the request carried no message', 0],
      ['13', 'the request ended inside a message (3 bytes left over)', 0],
      ['13', 'the request ended inside a message (8 bytes left over)', 0],
      ['13', 'more than one request message on a unary call', 0],
    ]);
    session.close();
  });

  test('a compressed flag without grpc-encoding is INTERNAL; an encoding other than identity is UNIMPLEMENTED', async () => {
    const session = connect(`http://127.0.0.1:${port()}`);
    const compressed = framed(Buffer.from('zz'), 1);
    expect(await rawCall(session, [compressed])).toMatchObject({ status: '13', message: 'a compressed message without grpc-encoding' });
    expect(await rawCall(session, [framed(Buffer.from('zz'), 2)])).toMatchObject({ status: '13', message: 'invalid compressed flag 2' });
    expect(await rawCall(session, [compressed], { 'grpc-encoding': 'identity' })).toMatchObject({ status: '13' });
    expect(await rawCall(session, [compressed], { 'grpc-encoding': 'gzip' }))
      .toMatchObject({ status: '12', message: 'message encoding gzip is not supported' });
    session.close();
  });

  test('a request that is not gRPC is refused: HTTP 415 for its content-type, INTERNAL for a method other than POST', async () => {
    const session = connect(`http://127.0.0.1:${port()}`);
    const message = framed(Buffer.from('x'));
    expect(await rawCall(session, [message], { 'content-type': 'application/json' }))
      .toMatchObject({ httpStatus: 415, message: 'content-type application/json is not application/grpc' });
    expect(await rawCall(session, [message], { 'content-type': undefined })).toMatchObject({ httpStatus: 415 });
    expect(await rawCall(session, [message], { 'content-type': 'application/grpc+proto' })).toMatchObject({ httpStatus: 200, status: '0' });
    expect(await rawCall(session, [], { ':method': 'GET' })).toMatchObject({ httpStatus: 200, status: '13', message: 'method GET is not POST' });
    session.close();
  });

  test('a message over the limit is RESOURCE_EXHAUSTED as soon as its prefix arrives, and the stream is reset', async () => {
    const session = connect(`http://127.0.0.1:${port()}`);
    const prefix = Buffer.from([0, 0, 0, 0, 0]);
    prefix.writeUInt32BE(MAX_MESSAGE_BYTES + 1, 1);
    // The request stays open: only the server's answer and its RST_STREAM (NO_ERROR) end it.
    const answer = await rawCall(session, [prefix, Buffer.alloc(1000)], {}, false);
    expect(answer).toMatchObject({ status: '8', message: `received message larger than max (${MAX_MESSAGE_BYTES + 1} vs. ${MAX_MESSAGE_BYTES})`, rstCode: 0 });
    session.close();
    // grpc-js against a server with a small limit.
    const small = new GrpcServer({ maxMessageBytes: 1024 });
    small.addService({ Echo: DEFINITIONS.Echo }, { Echo: ((call, respond) => respond(null, call.request)) as UnaryHandler });
    const listener = createServer((socket) => small.injectConnection(socket));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const Client = grpc.makeGenericClientConstructor({ Echo: clientDefinition.Echo }, 'test.Service');
    const other = new Client(`127.0.0.1:${(listener.address() as AddressInfo).port}`, grpc.credentials.createInsecure()) as unknown as TestClient;
    const echo = (size: number) => new Promise<grpc.ServiceError | null>((resolve) => other.Echo(Buffer.alloc(size), (error) => resolve(error)));
    expect(await echo(1024)).toBeNull();
    expect(await echo(1025)).toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'received message larger than max (1025 vs. 1024)' });
    other.close();
    small.forceShutdown();
    listener.close();
  });

  test('a handler that throws answers INTERNAL', async () => {
    expect((await unary('Throw', 'x')).error).toMatchObject({ code: grpc.status.INTERNAL, details: 'the handler failed: boom' });
    const stream = client.Explode(Buffer.from('x'));
    stream.on('error', () => undefined);
    const status = await new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
    expect(status).toMatchObject({ code: grpc.status.INTERNAL, details: 'the handler failed: bang' });
  });

  test('a server stream that waits for drain when write() asks sends everything, in order', async () => {
    const stream = client.Flood(Buffer.from('64'));
    const received: Buffer[] = [];
    stream.on('data', (message: Buffer) => received.push(message));
    const status = await new Promise<grpc.StatusObject>((resolve) => stream.on('status', resolve));
    expect(status.code).toBe(grpc.status.OK);
    expect(received.length).toBe(65);
    expect(received.slice(0, 64).every((message, index) => message.length === 64 * 1024 && message[0] === index % 256)).toBe(true);
    expect(Number(received[64].toString().replace('waits:', ''))).toBeGreaterThan(0);
  });

  test('tryShutdown closes the connections, then calls back', async () => {
    const extra = new GrpcServer();
    const listener = createServer((socket) => extra.injectConnection(socket));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const session = connect(`http://127.0.0.1:${(listener.address() as AddressInfo).port}`);
    await new Promise((resolve) => session.once('remoteSettings', resolve));
    const closed = new Promise((resolve) => session.once('close', resolve));
    await new Promise<void>((resolve) => extra.tryShutdown(resolve));
    await closed;
    listener.close();
    await new Promise<void>((resolve) => new GrpcServer().tryShutdown(resolve)); // nothing open: at once
  });
});
