/**
 * go-plugin's automatic mutual TLS, terminated here before the gRPC server sees a connection.
 *
 * Terraform trusts exactly the server certificate the handshake line announces, and the plugin
 * must accept exactly the client certificate Terraform put in PLUGIN_CLIENT_CERT. Node verifies
 * peers against its root store plus any CA given, and builds that store (some 140 certificates,
 * 20 ms or more) on each of the three or four provider starts of a plan. So the TLS server here has
 * an empty trust list, asks for the client's certificate, compares it byte for byte with
 * Terraform's (a stricter check than a chain to it), and only then hands the decrypted connection
 * to the gRPC server.
 */
import { X509Certificate } from 'node:crypto';
import { Server as NetServer, Socket, createServer as createNetServer } from 'node:net';
import { TLSSocket, createServer } from 'node:tls';
import { generateSelfSignedCertificate, rawBase64 } from './certificate';
import { GrpcServer } from './grpc-server';
import { HandshakeError, PortRange, portCandidates } from './handshake';
import { Logger } from '../../util/log';

export interface PluginListener {
  readonly port: number;
  /** The server certificate for the handshake line: base64 DER without padding; empty without TLS. */
  readonly certificateBase64: string;
  /** Stops accepting connections; open ones end with the gRPC server's own shutdown. */
  close(): void;
}

/** The DER bytes of Terraform's client certificate; refuses a certificate that is not valid now. */
export function pinnedClientCertificate(pem: string, now = new Date()): Buffer {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw new HandshakeError(`PLUGIN_CLIENT_CERT is not a PEM certificate: ${(error as Error).message}`);
  }
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
    throw new HandshakeError(`PLUGIN_CLIENT_CERT is not valid now (valid from ${certificate.validFrom} to ${certificate.validTo})`);
  }
  return certificate.raw;
}

/**
 * Listens on the first free port of `range` with a fresh self-signed certificate and feeds every
 * connection that presents Terraform's certificate to `server`.
 */
export async function listenMutualTls(
  server: GrpcServer, range: PortRange, clientCertificatePem: string, logger: Logger,
): Promise<PluginListener> {
  const expected = pinnedClientCertificate(clientCertificatePem);
  const own = generateSelfSignedCertificate();
  const tlsServer = createServer({
    key: own.keyPem,
    cert: own.certPem,
    requestCert: true,
    ca: [], // an empty list, not none: none means "Node's root store", built at a cost
    rejectUnauthorized: false, // the pin below is the check
    ALPNProtocols: ['h2'], // grpc-go refuses a server that does not negotiate h2
    minVersion: 'TLSv1.2',
  }, (socket: TLSSocket) => {
    const presented = socket.getPeerCertificate().raw;
    if (!presented || !presented.equals(expected)) {
      logger.warn('refused a connection without the certificate Terraform announced', { remote: socket.remoteAddress });
      socket.destroy();
      return;
    }
    server.injectConnection(socket);
  });
  // Failed handshakes (a refused client, a port scanner) are the peer's problem, not a crash.
  tlsServer.on('tlsClientError', (error) => logger.debug('TLS handshake failed', { error: error.message }));
  const port = await listenOnFirstFree(tlsServer, range);
  return {
    port,
    certificateBase64: rawBase64(own.der),
    close: () => tlsServer.close(),
  };
}

/** Without Terraform's certificate (a test harness), the same on plain TCP. */
export async function listenPlainText(server: GrpcServer, range: PortRange): Promise<PluginListener> {
  const tcpServer = createNetServer((socket: Socket) => server.injectConnection(socket));
  const port = await listenOnFirstFree(tcpServer, range);
  return { port, certificateBase64: '', close: () => tcpServer.close() };
}

async function listenOnFirstFree(netServer: NetServer, range: PortRange): Promise<number> {
  for (const port of portCandidates(range)) {
    const bound = await new Promise<boolean>((resolve) => {
      const onError = () => resolve(false);
      netServer.once('error', onError);
      netServer.listen(port, '127.0.0.1', () => {
        netServer.off('error', onError);
        resolve(true);
      });
    });
    if (bound) return (netServer.address() as { port: number }).port;
  }
  throw new HandshakeError(`no free port on 127.0.0.1 between ${range.min} and ${range.max}`);
}
