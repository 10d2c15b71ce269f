// Start-up cost of the provider executable, as Terraform pays it (three starts per plan).
//
//   node scripts/bundle.mjs && node bench/startup.mjs [path/to/bundle.js] [--runs 20]
//
// Each run starts the bundle the way go-plugin does (magic cookie, port range, automatic mTLS
// with a client certificate) and times, from spawn: the handshake line on stdout, and the answer
// to the first GetProviderSchema over mutual TLS; then it sends Controller.Shutdown and waits
// for the exit. The baseline is a bare `node -e 0`. Medians are printed, with their ratio.
// The launcher keeps V8's code cache per user (HOME): starts are timed with a warm cache (the
// usual case: written by the first start on the machine) and, for the first start, with none.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { median, writeSection } from './report.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'package.json'));
const grpc = require('@grpc/grpc-js');

const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args.splice(runsFlag, 2)[1]) : 20;
const bundlePath = args[0] ?? join(repo, 'assets', 'terraform-provider-secops.js');
if (!existsSync(bundlePath)) {
  console.error(`${bundlePath} not found: run \`node scripts/bundle.mjs\` first`);
  process.exit(1);
}

const COOKIE = { TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2' };
const clientCertificate = await makeClientCertificate();

/** The provider's own certificate code, built for this script (bench/out is git-ignored). */
async function makeClientCertificate() {
  const outfile = join(repo, 'bench', 'out', 'certificate.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(repo, 'src', 'provider', 'protocol', 'certificate.ts')],
    outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
  });
  const { generateSelfSignedCertificate } = await import(pathToFileURL(outfile).href);
  return generateSelfSignedCertificate();
}

// A CA bundle for NODE_EXTRA_CA_CERTS, set on many corporate machines: Node 20 parses its root store
// and that file before any code runs, and the provider's launcher defers it (scripts/bundle.mjs).
const EXTRA_CA_CERTS = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find((file) => existsSync(file));
// go-plugin executes the file itself; its first line finds node on PATH: this one.
const PATH = `${dirname(process.execPath)}:${process.env.PATH}`;

function timeBaseline(extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The provider's environment, not this shell's: NODE_EXTRA_CA_CERTS alone (set on some
    // machines) costs every Node start tens of milliseconds.
    const child = spawn(process.execPath, ['-e', '0'], { env: { PATH, ...extraEnv }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

function firstLine(stream) {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    stream.on('end', () => reject(new Error(`no handshake line: ${text}`)));
  });
}

function unary(client, path, deadlineMs = 10000) {
  const pass = (bytes) => bytes;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(path, pass, pass, Buffer.alloc(0), { deadline: Date.now() + deadlineMs }, (error, response) =>
      error ? reject(error) : resolve(response));
  });
}

async function timeProvider(home, extraEnv = {}) {
  const started = performance.now();
  const child = spawn(bundlePath, [], {
    env: {
      PATH, HOME: home, ...COOKIE, ...extraEnv,
      PLUGIN_MIN_PORT: '10000', PLUGIN_MAX_PORT: '25000', PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: clientCertificate.certPem,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const line = await firstLine(child.stdout);
    const handshake = performance.now() - started;
    const [, , , address, , certificate] = line.split('|');
    const der = Buffer.from(certificate, 'base64'); // Buffer accepts the unpadded form
    const serverPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`;
    const credentials = grpc.credentials.createSsl(
      Buffer.from(serverPem), Buffer.from(clientCertificate.keyPem), Buffer.from(clientCertificate.certPem));
    const client = new grpc.Client(address, credentials, {
      'grpc.ssl_target_name_override': 'localhost', 'grpc.default_authority': 'localhost',
    });
    await unary(client, '/tfplugin6.Provider/GetProviderSchema');
    const firstResponse = performance.now() - started;
    await unary(client, '/plugin.GRPCController/Shutdown');
    client.close();
    await exited;
    return { handshake, firstResponse };
  } finally {
    child.kill('SIGKILL');
  }
}


const warmHome = mkdtempSync(join(tmpdir(), 'secops-bench-home-'));
await timeProvider(warmHome); // writes the code cache
const baseline = [];
const handshakes = [];
const firstResponses = [];
const coldHandshakes = [];
const extraCa = EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: EXTRA_CA_CERTS } : undefined;
const baselineWithCa = [];
const handshakesWithCa = [];
for (let run = 0; run < runs; run++) {
  baseline.push(await timeBaseline());
  const { handshake, firstResponse } = await timeProvider(warmHome);
  handshakes.push(handshake);
  firstResponses.push(firstResponse);
  if (extraCa) {
    baselineWithCa.push(await timeBaseline(extraCa));
    handshakesWithCa.push((await timeProvider(warmHome, extraCa)).handshake);
  }
  const coldHome = mkdtempSync(join(tmpdir(), 'secops-bench-home-'));
  coldHandshakes.push((await timeProvider(coldHome)).handshake);
  rmSync(coldHome, { recursive: true, force: true });
}
rmSync(warmHome, { recursive: true, force: true });

const base = median(baseline);
const row = (label, values) =>
  `${label.padEnd(34)} ${median(values).toFixed(1).padStart(7)} ms   ${(median(values) / base).toFixed(2)}x baseline`;
console.log(`${runs} runs of ${bundlePath} on node ${process.version}, medians from spawn:`);
console.log(row('node -e 0 (baseline)', baseline));
console.log(row('handshake line on stdout', handshakes));
console.log(row('first GetProviderSchema answered', firstResponses));
console.log(row('handshake line, no code cache yet', coldHandshakes));
if (extraCa) {
  console.log(row('node -e 0, NODE_EXTRA_CA_CERTS', baselineWithCa));
  console.log(row('handshake line, NODE_EXTRA_CA_CERTS', handshakesWithCa));
}

const cell = (values) => `${median(values).toFixed(0)} ms | **${(median(values) / base).toFixed(2)}x**`;
writeSection('startup', [
  '## Provider start-up',
  '',
  `Median of ${runs} starts of the bundled provider the way go-plugin starts it (magic cookie, port range,`,
  'auto-mTLS, the file executed itself), timed from spawn, against a bare `node -e 0` in the same run. Terraform starts the provider',
  '3 times per plan, 4 per apply. Target for the handshake line: 200 ms or less. The launcher keeps V8\'s',
  'code cache per user: the first two rows are with it (written by the first start on a machine), the last',
  'is that first start.',
  '',
  '| | median | ratio to `node -e 0` |',
  '|---|---|---|',
  `| \`node -e 0\` (baseline) | ${cell(baseline)} |`,
  `| handshake line on stdout | ${cell(handshakes)} |`,
  `| first GetProviderSchema answered over mTLS | ${cell(firstResponses)} |`,
  `| handshake line, first start (no code cache yet) | ${cell(coldHandshakes)} |`,
  ...(extraCa ? [
    '',
    `With \`NODE_EXTRA_CA_CERTS=${EXTRA_CA_CERTS}\` (${countCertificates(EXTRA_CA_CERTS)} certificates), which Node 20 loads before any`,
    'code runs; the launcher defers it to the first HTTPS call to a vendor:',
    '',
    '| | median | ratio to `node -e 0` without it |',
    '|---|---|---|',
    `| \`node -e 0\` with NODE_EXTRA_CA_CERTS | ${cell(baselineWithCa)} |`,
    `| handshake line with NODE_EXTRA_CA_CERTS | ${cell(handshakesWithCa)} |`,
  ] : []),
].join('\n'));

function countCertificates(file) {
  return readFileSync(file, 'utf8').split('BEGIN CERTIFICATE').length - 1;
}
