/**
 * The self-signed certificate of go-plugin's automatic mutual TLS, made with node:crypto alone.
 *
 * Terraform generates a client certificate, hands it to the plugin in PLUGIN_CLIENT_CERT, and
 * trusts exactly the server certificate the plugin prints in its handshake line. Like go-plugin's
 * generateCert (mtls.go) ours is an ECDSA certificate for "localhost" that is its own CA, usable
 * for both TLS ends, valid from 30 s ago for 262980 h (30 years). Only the key size differs:
 * P-256 instead of P-521, which is faster and just as acceptable to Go's TLS stack.
 *
 * X.509 is written with the small DER encoder below, following RFC 5280 (no certificate library).
 */
/* eslint-disable no-bitwise -- DER is a bit-level encoding: tags, lengths, OID arcs, bit strings */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

export interface SelfSignedCertificate {
  /** The certificate, DER; the handshake line carries it base64-encoded without padding. */
  readonly der: Buffer;
  readonly certPem: string;
  /** PKCS#8 PEM of the ECDSA P-256 private key. */
  readonly keyPem: string;
}

export interface CertificateOptions {
  readonly commonName?: string;
  readonly organization?: string;
  /** Start of the validity window is 30 s before this; defaults to the current time. */
  readonly now?: Date;
}

const VALIDITY_BACKDATE_MS = 30 * 1000;
const VALIDITY_MS = 262980 * 60 * 60 * 1000;

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyAgreement: 4, keyCertSign: 5 };

export function generateSelfSignedCertificate(options: CertificateOptions = {}): SelfSignedCertificate {
  const host = options.commonName ?? 'localhost';
  const now = options.now ?? new Date();
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const publicPoint = Buffer.concat([
    Buffer.from([0x04]), // uncompressed point
    Buffer.from(jwk.x ?? '', 'base64url'),
    Buffer.from(jwk.y ?? '', 'base64url'),
  ]);
  const name = distinguishedName(host, options.organization ?? 'HashiCorp');
  const signatureAlgorithm = der.sequence(der.oid(OID.ecdsaWithSha256));

  const tbsCertificate = der.sequence(
    der.explicit(0, der.integer(Buffer.from([2]))), // X.509 v3
    der.integer(randomSerial()),
    signatureAlgorithm,
    name, // issuer: self-signed
    der.sequence(
      der.time(new Date(now.getTime() - VALIDITY_BACKDATE_MS)),
      der.time(new Date(now.getTime() + VALIDITY_MS)),
    ),
    name, // subject
    der.sequence(der.sequence(der.oid(OID.ecPublicKey), der.oid(OID.prime256v1)), der.bitString(publicPoint)),
    der.explicit(3, der.sequence(...extensions(host, publicPoint))),
  );
  const signature = sign('sha256', tbsCertificate, privateKey); // DER ECDSA-Sig-Value
  const certificate = der.sequence(tbsCertificate, signatureAlgorithm, der.bitString(signature));

  return {
    der: certificate,
    certPem: toPem('CERTIFICATE', certificate),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function distinguishedName(commonName: string, organization: string): Buffer {
  const attribute = (oid: string, value: string) => der.set(der.sequence(der.oid(oid), der.directoryString(value)));
  return der.sequence(attribute(OID.organization, organization), attribute(OID.commonName, commonName));
}

function extensions(host: string, publicPoint: Buffer): Buffer[] {
  const extension = (oid: string, critical: boolean, value: Buffer) =>
    der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
  const DNS_NAME_TAG = 0x82; // GeneralName dNSName, [2] IMPLICIT IA5String
  return [
    extension(
      OID.keyUsage,
      true,
      der.namedBits([
        KEY_USAGE.digitalSignature,
        KEY_USAGE.keyEncipherment,
        KEY_USAGE.keyAgreement,
        KEY_USAGE.keyCertSign,
      ]),
    ),
    extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.clientAuth), der.oid(OID.serverAuth))),
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    extension(OID.subjectKeyIdentifier, false, der.octetString(createHash('sha1').update(publicPoint).digest())),
    extension(OID.subjectAltName, false, der.sequence(der.tlv(DNS_NAME_TAG, Buffer.from(host, 'ascii')))),
  ];
}

/** A random positive 16-byte serial (126 random bits; go-plugin draws below 2^128). */
function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x3f) | 0x40; // positive without a sign byte, and never shorter
  return serial;
}

export function toPem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Base64 without '=' padding (Go's base64.RawStdEncoding), the form of the handshake line. */
export function rawBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

/** A minimal DER (ASN.1 distinguished encoding) writer: just the types a certificate needs. */
export const der = {
  tlv(tag: number, ...contents: Buffer[]): Buffer {
    const body = Buffer.concat(contents);
    return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
  },
  sequence: (...items: Buffer[]): Buffer => der.tlv(0x30, ...items),
  set: (...items: Buffer[]): Buffer => der.tlv(0x31, ...items),
  explicit: (tagNumber: number, content: Buffer): Buffer => der.tlv(0xa0 | tagNumber, content),
  boolean: (value: boolean): Buffer => der.tlv(0x01, Buffer.from([value ? 0xff : 0x00])),
  octetString: (bytes: Buffer): Buffer => der.tlv(0x04, bytes),
  bitString: (bytes: Buffer, unusedBits = 0): Buffer => der.tlv(0x03, Buffer.from([unusedBits]), bytes),

  /** A non-negative INTEGER from big-endian magnitude bytes. */
  integer(magnitude: Buffer): Buffer {
    let start = 0;
    while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
    const trimmed = magnitude.subarray(start);
    const needsSignByte = trimmed.length === 0 || (trimmed[0] & 0x80) !== 0;
    return der.tlv(0x02, needsSignByte ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
  },

  oid(dotted: string): Buffer {
    const [first, second, ...rest] = dotted.split('.').map(Number);
    const bytes = [40 * first + second];
    for (const arc of rest) {
      const groups = [arc & 0x7f];
      for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
        groups.unshift((value & 0x7f) | 0x80);
      }
      bytes.push(...groups);
    }
    return der.tlv(0x06, Buffer.from(bytes));
  },

  /** PrintableString when the text allows it, else UTF8String (what Go's encoder picks). */
  directoryString(text: string): Buffer {
    const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
    return der.tlv(printable ? 0x13 : 0x0c, Buffer.from(text, printable ? 'ascii' : 'utf8'));
  },

  /** UTCTime up to 2049, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5), whole seconds, UTC. */
  time(date: Date): Buffer {
    const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
    const year = date.getUTCFullYear();
    return year < 2050 ? der.tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : der.tlv(0x18, Buffer.from(`${digits}Z`));
  },

  /** A BIT STRING of named bits, with trailing zero bits dropped as DER requires. */
  namedBits(bitNumbers: number[]): Buffer {
    const highest = Math.max(...bitNumbers);
    const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
    for (const bit of bitNumbers) bytes[bit >> 3] |= 0x80 >> (bit & 7);
    return der.bitString(bytes, 7 - (highest & 7));
  },
};

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
