// The provider's gRPC server (node:http2), checked with grpc-js's client, which speaks the
// protocol as grpc-go does, and with a bare HTTP/2 client for what a gRPC client never sends.
import { connect } from 'node:http2';
import { AddressInfo, Server, createServer } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { GrpcServer, GrpcStatus, MethodDefinition, ServerCall, StreamHandler, UnaryHandler, encodeGrpcMessage } from '../../../src/provider/protocol/grpc-server';

const method = (path: string, requestStream: boolean, responseStream: boolean): MethodDefinition => ({ path, requestStream, responseStream });
const DEFINITIONS = {
  Echo: method('/test.Service/Echo', false, false),
  Fail: method('/test.Service/Fail', false, false),
  Hang: method('/test.Service/Hang', false, false),
  Count: method('/test.Service/Count', false, true),
  Collect: method('/test.Service/Collect', true, false),
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
};

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
    });
    tcp = createServer((socket) => server.injectConnection(socket));
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const Client = grpc.makeGenericClientConstructor(clientDefinition, 'test.Service');
    client = new Client(`127.0.0.1:${(tcp.address() as AddressInfo).port}`, grpc.credentials.createInsecure()) as unknown as TestClient;
  });

  afterAll(() => {
    client.close();
    server.forceShutdown();
    tcp.close();
  });

  const unary = (name: 'Echo' | 'Fail', request: string) => new Promise<{ error: grpc.ServiceError | null; response?: string }>((resolve) => {
    client[name](Buffer.from(request), (error, response) => resolve({ error, response: response?.toString() }));
  });

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

  test('a message split over several DATA frames arrives whole; a compressed one is refused', async () => {
    const session = connect(`http://127.0.0.1:${(tcp.address() as AddressInfo).port}`);
    const call = (chunks: Buffer[]) => new Promise<{ status?: string; message?: string; body: string }>((resolve) => {
      const request = session.request({ ':method': 'POST', ':path': '/test.Service/Echo', 'content-type': 'application/grpc', 'te': 'trailers' });
      let body = Buffer.alloc(0);
      let headers: Record<string, unknown> = {};
      request.on('response', (received) => { headers = received; });
      request.on('data', (chunk: Buffer) => { body = Buffer.concat([body, chunk]); });
      const settle = (trailers: Record<string, unknown>) => resolve({
        status: String(trailers['grpc-status']), message: trailers['grpc-message'] as string | undefined, body: body.subarray(5).toString(),
      });
      request.on('trailers', settle);
      request.on('end', () => settle({ ...headers, 'grpc-status': headers['grpc-status'] ?? 'missing' }));
      chunks.slice(0, -1).forEach((chunk) => request.write(chunk));
      request.end(chunks.at(-1));
    });
    const message = Buffer.from('split');
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);
    expect(await call([framed.subarray(0, 3), framed.subarray(3, 7), framed.subarray(7)])).toEqual({ status: '0', message: undefined, body: 'echo:split' });
    expect(await call([Buffer.concat([Buffer.from([1, 0, 0, 0, message.length]), message])]))
      .toMatchObject({ status: String(GrpcStatus.UNIMPLEMENTED), message: 'compressed messages are not supported' });
    session.close();
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
