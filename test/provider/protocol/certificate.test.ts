// The auto-mTLS certificate: valid X.509 by node's parser, shaped like go-plugin's, and usable for
// a real mutually authenticated TLS connection.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { der, generateSelfSignedCertificate, rawBase64 } from '../../../src/provider/protocol/certificate';

const HOURS = 60 * 60 * 1000;

describe('generateSelfSignedCertificate', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const generated = generateSelfSignedCertificate({ now });
  const certificate = new X509Certificate(generated.der);

  test('is a self-signed ECDSA P-256 certificate for localhost', () => {
    expect(certificate.subject).toBe('O=HashiCorp\nCN=localhost');
    expect(certificate.issuer).toBe(certificate.subject);
    expect(certificate.subjectAltName).toBe('DNS:localhost');
    expect(certificate.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(generated.keyPem))).toBe(true);
  });

  test('is a CA usable for both ends of TLS', () => {
    expect(certificate.ca).toBe(true);
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.1']); // clientAuth, serverAuth
    // KeyUsage, critical: digitalSignature | keyEncipherment | keyAgreement | keyCertSign (as go-plugin).
    const keyUsage = Buffer.from('0603551d0f0101ff0404030202ac', 'hex');
    expect(generated.der.includes(keyUsage)).toBe(true);
  });

  test('is valid from 30 s ago for 262980 hours', () => {
    expect(new Date(certificate.validFrom).getTime()).toBe(now.getTime() - 30 * 1000);
    expect(new Date(certificate.validTo).getTime()).toBe(now.getTime() + 262980 * HOURS);
  });

  test('has a fresh positive 128-bit serial each time', () => {
    const other = new X509Certificate(generateSelfSignedCertificate().der);
    expect(other.serialNumber).not.toBe(certificate.serialNumber);
    expect(certificate.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });

  test('PEM and DER agree', () => {
    expect(new X509Certificate(generated.certPem).raw).toEqual(generated.der);
  });

  test('carries a mutually authenticated TLS connection', async () => {
    const server = generateSelfSignedCertificate();
    const client = generateSelfSignedCertificate();
    const listener = tls.createServer({
      key: server.keyPem,
      cert: server.certPem,
      ca: client.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    }, (socket) => socket.end(`hello ${socket.getPeerCertificate().subject.CN}`));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = tls.connect({
          host: '127.0.0.1',
          port: (listener.address() as AddressInfo).port,
          servername: 'localhost',
          ca: server.certPem,
          key: client.keyPem,
          cert: client.certPem,
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toBe('hello localhost');
    } finally {
      listener.close();
    }
  });
});

describe('der', () => {
  test('encodes the primitives a certificate needs', () => {
    expect(der.integer(Buffer.from([0x00, 0x00, 0x7f])).toString('hex')).toBe('02017f');
    expect(der.integer(Buffer.from([0x80])).toString('hex')).toBe('02020080');
    expect(der.oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(der.namedBits([0, 5]).toString('hex')).toBe('03020284');
    expect(der.time(new Date('2049-12-31T23:59:59Z')).toString()).toContain('491231235959Z');
    expect(der.time(new Date('2050-01-01T00:00:00Z')).toString()).toContain('20500101000000Z');
    expect(der.octetString(Buffer.alloc(200))[1]).toBe(0x81); // long-form length
  });

  test('rawBase64 drops the padding as Go\'s RawStdEncoding does', () => {
    expect(rawBase64(Buffer.from('ab'))).toBe('YWI');
  });
});
