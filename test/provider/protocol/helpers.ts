// Shared by the protocol tests: bundling an entry point like scripts/bundle.mjs does, starting it
// the way go-plugin does, and talking to it over gRPC with mutual TLS.
import { ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { BuildOptions, build } from 'esbuild';
import { SelfSignedCertificate, generateSelfSignedCertificate, toPem } from '../../../src/provider/protocol/certificate';
import { PlainObject, decodeMessage, encodeMessage, serviceMethods } from '../../../src/provider/protocol/codec';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../../src/provider/protocol/handshake';

export const REPO = join(__dirname, '..', '..', '..');
export const FIXTURE_ENTRY = join(__dirname, 'fixtures', 'fake-provider.ts');

const createdDirs: string[] = [];
// Runs after all tests of the file importing these helpers (each test file gets its own copy).
afterAll(() => createdDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh directory, removed after the test file's last test. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `secops-${prefix}-`));
  createdDirs.push(dir);
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS build script shared with scripts/bundle.mjs
const { providerBuildOptions } = require('../../../scripts/provider-build.cjs') as { providerBuildOptions: BuildOptions };

/** Bundles `entry` into `outfile` as scripts/bundle.mjs bundles the provider (options, gRPC plugin). */
export async function bundle(entry: string, outfile: string): Promise<string> {
  await build({
    ...providerBuildOptions,
    entryPoints: [entry],
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    absWorkingDir: REPO,
  });
  return outfile;
}

/** The environment go-plugin's client gives a plugin (Terraform's port range and versions). */
export function pluginEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_PROTOCOL_VERSIONS: '5,6',
    ...extra,
  };
}

export interface ExitResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a plugin that is expected to stop by itself. */
export function runToExit(script: string, env: NodeJS.ProcessEnv): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface RunningPlugin {
  readonly child: ChildProcess;
  readonly handshake: string;
  readonly port: number;
  readonly serverCertificate: X509Certificate;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Everything the plugin wrote to stderr so far. */
  stderr(): string;
  /** Resolves when stderr contains `text`. */
  waitForStderr(text: string): Promise<void>;
  stop(): void;
}

/** Starts a plugin with automatic mTLS (as `user`, if given: needs root) and waits for its handshake line. */
export function startPlugin(
  script: string, client: SelfSignedCertificate, extraEnv: NodeJS.ProcessEnv = {}, user: { uid?: number; gid?: number } = {},
): Promise<RunningPlugin> {
  const child = spawn(process.execPath, [script], {
    ...user,
    env: pluginEnv({ PLUGIN_CLIENT_CERT: client.certPem, ...extraEnv }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const stderrWaiters: Array<() => void> = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    stderrWaiters.splice(0).forEach((wake) => wake());
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForStderr = async (text: string) => {
    while (!stderr.includes(text)) await new Promise<void>((wake) => stderrWaiters.push(wake));
  };

  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      const handshake = stdout.slice(0, end);
      const fields = handshake.split('|');
      const certificateDer = Buffer.from(fields[5], 'base64');
      resolve({
        child,
        handshake,
        port: Number(fields[3].split(':')[1]),
        serverCertificate: new X509Certificate(certificateDer),
        stderr: () => stderr,
        waitForStderr,
        exited,
        stop: () => child.kill('SIGKILL'),
      });
    });
    void exited.then((code) => reject(new Error(`plugin exited (${code}) before its handshake: ${stderr}`)));
  });
}

type Callback = (error: grpc.ServiceError | null, response?: Buffer) => void;
type RawClient = grpc.Client & Record<string, (request: Buffer, options: grpc.CallOptions, callback: Callback) => void>;

/** A gRPC client of one service of the plugin, speaking plain objects. */
export class PluginClient {
  private readonly client: RawClient;

  constructor(private readonly serviceName: string, plugin: RunningPlugin, client: SelfSignedCertificate) {
    const definition = Object.fromEntries(
      serviceMethods(serviceName).map((method) => [
        method.name,
        {
          path: method.path,
          requestStream: method.requestStream,
          responseStream: method.responseStream,
          requestSerialize: (bytes: Buffer) => bytes,
          requestDeserialize: (bytes: Buffer) => bytes,
          responseSerialize: (bytes: Buffer) => bytes,
          responseDeserialize: (bytes: Buffer) => bytes,
        },
      ]),
    );
    const Constructor = grpc.makeGenericClientConstructor(definition, serviceName);
    const credentials = grpc.credentials.createSsl(
      Buffer.from(toPem('CERTIFICATE', plugin.serverCertificate.raw)),
      Buffer.from(client.keyPem),
      Buffer.from(client.certPem),
    );
    this.client = new Constructor(`127.0.0.1:${plugin.port}`, credentials, {
      'grpc.ssl_target_name_override': 'localhost',
      'grpc.default_authority': 'localhost',
    }) as unknown as RawClient;
  }

  private method(name: string) {
    const method = serviceMethods(this.serviceName).find((candidate) => candidate.name === name);
    if (!method) throw new Error(`no method ${name}`);
    return method;
  }

  /** Calls a unary method; rejects with the gRPC error, or after `deadlineMs`. */
  call(name: string, request: PlainObject = {}, deadlineMs = 5000): Promise<PlainObject> {
    const method = this.method(name);
    const bytes = encodeMessage(method.requestType, request);
    return new Promise((resolve, reject) => {
      this.client[name](bytes, { deadline: Date.now() + deadlineMs }, (error, response) => {
        if (error) reject(error);
        else resolve(decodeMessage(method.responseType, response!));
      });
    });
  }

  /** Calls a unary method with request bytes as they are, encoded or not. */
  callRaw(name: string, bytes: Buffer, deadlineMs = 5000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.client[name](bytes, { deadline: Date.now() + deadlineMs }, (error, response) => (error ? reject(error) : resolve(response!)));
    });
  }

  /** Opens a server-streaming or bidi method. */
  stream(name: string, request: PlainObject = {}): grpc.ClientReadableStream<Buffer> | grpc.ClientDuplexStream<Buffer, Buffer> {
    const method = this.method(name);
    const stream = this.client as unknown as Record<string, (...args: unknown[]) => grpc.ClientReadableStream<Buffer>>;
    if (method.requestStream) return stream[name]() as unknown as grpc.ClientDuplexStream<Buffer, Buffer>;
    return stream[name](encodeMessage(method.requestType, request));
  }

  close(): void {
    this.client.close();
  }
}

export function clientCertificate(): SelfSignedCertificate {
  return generateSelfSignedCertificate();
}
