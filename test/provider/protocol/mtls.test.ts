import { connect } from 'node:http2';
import { generateSelfSignedCertificate } from '../../../src/provider/protocol/certificate';
import { GrpcServer, GrpcStatus } from '../../../src/provider/protocol/grpc-server';
import { HandshakeError } from '../../../src/provider/protocol/handshake';
import { listenMutualTls, pinnedClientCertificate } from '../../../src/provider/protocol/mtls';
import { logger } from '../../../src/util/log';

describe("Terraform's client certificate", () => {
  const terraform = generateSelfSignedCertificate({ now: new Date('2026-01-01T00:00:00Z') });

  test('is pinned by its DER bytes', () => {
    expect(pinnedClientCertificate(terraform.certPem, new Date('2026-06-01T00:00:00Z')).equals(terraform.der)).toBe(true);
  });

  test('is refused when it is not PEM, or not valid at the time of the handshake', () => {
    expect(() => pinnedClientCertificate('not a certificate')).toThrow(HandshakeError);
    expect(() => pinnedClientCertificate(terraform.certPem, new Date('2025-01-01T00:00:00Z'))).toThrow(/not valid now/);
    expect(() => pinnedClientCertificate(terraform.certPem, new Date('2099-01-01T00:00:00Z'))).toThrow(/not valid now/);
  });
});

describe('the mutual TLS listener', () => {
  const terraform = generateSelfSignedCertificate();
  const server = new GrpcServer();
  let port: number;
  let close: () => void;

  beforeAll(async () => {
    const listener = await listenMutualTls(server, { min: 10000, max: 25000 }, terraform.certPem, logger('test'));
    ({ port, close } = listener);
    expect(listener.certificateBase64).toMatch(/^[A-Za-z0-9+/]+$/);
  });
  afterAll(() => {
    close();
    server.forceShutdown();
  });

  /** Sends one gRPC request over HTTP/2 with the given client certificate (or none): its grpc-status, or how it failed. */
  const grpcCall = (client?: { keyPem: string; certPem: string }): Promise<string> =>
    new Promise((settle) => {
      const session = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false, key: client?.keyPem, cert: client?.certPem });
      const resolve = (outcome: string) => {
        settle(outcome);
        session.destroy();
      };
      session.on('error', () => resolve('connection failed'));
      session.on('close', () => resolve('connection failed'));
      const request = session.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc', 'te': 'trailers' });
      request.on('error', () => resolve('connection failed'));
      request.on('response', (headers) => { if (headers['grpc-status']) resolve(`grpc-status ${headers['grpc-status']}`); });
      request.on('trailers', (trailers) => resolve(`grpc-status ${trailers['grpc-status']}`));
      request.end(Buffer.from([0, 0, 0, 0, 0]));
      request.resume();
    });

  test('keeps the connection of the client Terraform announced', async () => {
    // The server has no services: it answers UNIMPLEMENTED (12) over the accepted connection.
    await expect(grpcCall(terraform)).resolves.toBe(`grpc-status ${GrpcStatus.UNIMPLEMENTED}`);
  });

  test('closes connections without a certificate or with another one', async () => {
    await expect(grpcCall()).resolves.toBe('connection failed');
    await expect(grpcCall(generateSelfSignedCertificate())).resolves.toBe('connection failed');
  });
});
