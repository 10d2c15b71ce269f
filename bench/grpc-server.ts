/**
 * CPU of the provider's gRPC server (src/provider/protocol/grpc-server.ts, on node:http2) against
 * @grpc/grpc-js's server, for the unary calls a plan makes: each server runs in a fresh process with
 * an echo method of raw bytes, and one grpc-js client sends it N calls, 10 at a time (Terraform's
 * parallelism). Figures are the server process's CPU for the calls alone (its start-up excluded),
 * median of several processes; "cold" is the first 800 calls of a process (a 200-resource plan
 * makes 800 in the provider's last process), "warm" 4000 more.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json bench/grpc-server.ts [--runs 5]
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { GrpcServer, UnaryHandler } from '../src/provider/protocol/grpc-server';

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '5' }, serve: { type: 'string' } } });
const ECHO = { path: '/bench.Echo/Echo', requestStream: false, responseStream: false };
const passThrough = (bytes: Buffer) => bytes;
const RAW_ECHO = { Echo: { ...ECHO, requestSerialize: passThrough, requestDeserialize: passThrough, responseSerialize: passThrough, responseDeserialize: passThrough } };
const PAYLOAD = Buffer.alloc(300, 7); // about a binding rule's state

type Kind = 'ours' | 'grpc-js';

/** In the child: serve, report the port, then answer "cpu" with the CPU used so far (ms). */
async function serve(kind: Kind): Promise<void> {
  const echo = (request: Buffer) => Buffer.from(request);
  let port: number;
  if (kind === 'ours') {
    const server = new GrpcServer();
    server.addService({ Echo: ECHO }, { Echo: ((call, respond) => respond(null, echo(call.request))) as UnaryHandler });
    const { createServer } = await import('node:net');
    const tcp = createServer((socket) => server.injectConnection(socket));
    port = await new Promise((resolve) => tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as { port: number }).port)));
  } else {
    const server = new grpc.Server({ 'grpc.enable_channelz': 0, 'grpc.max_receive_message_length': -1, 'grpc.max_send_message_length': -1 });
    server.addService(RAW_ECHO, { Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => callback(null, echo(call.request)) });
    port = await new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  }
  process.on('message', () => {
    const used = process.cpuUsage();
    process.send!((used.user + used.system) / 1000);
  });
  process.send!({ port });
}

async function measure(kind: Kind): Promise<{ cold: number; warm: number }> {
  const child = fork(__filename, ['--serve', kind], { execArgv: ['-r', 'ts-node/register/transpile-only'], env: { ...process.env, TS_NODE_PROJECT: 'test/tsconfig.json' } });
  const port = await new Promise<number>((resolve) => child.once('message', (message: { port: number }) => resolve(message.port)));
  const cpu = () => new Promise<number>((resolve) => {
    child.once('message', (ms: number) => resolve(ms));
    child.send('cpu');
  });
  const Client = grpc.makeGenericClientConstructor(RAW_ECHO, 'bench.Echo');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as { Echo: (b: Buffer, cb: (e: unknown) => void) => void; close(): void };
  const calls = async (count: number) => {
    let sent = 0;
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (sent++ < count) await new Promise<void>((resolve, reject) => client.Echo(PAYLOAD, (error) => (error ? reject(error) : resolve())));
    }));
  };
  const start = await cpu();
  await calls(800);
  const afterCold = await cpu();
  await calls(4000);
  const afterWarm = await cpu();
  client.close();
  child.kill();
  return { cold: afterCold - start, warm: afterWarm - afterCold };
}

async function main(): Promise<void> {
  if (options.serve) return serve(options.serve as Kind);
  const { median, writeSection } = await import('./report.mjs');
  const runs = Number(options.runs);
  const results: Record<Kind, { cold: number[]; warm: number[] }> = { 'ours': { cold: [], warm: [] }, 'grpc-js': { cold: [], warm: [] } };
  for (let i = 0; i < runs; i++) {
    for (const kind of ['grpc-js', 'ours'] as const) {
      const { cold, warm } = await measure(kind);
      results[kind].cold.push(cold);
      results[kind].warm.push(warm);
    }
  }
  const row = (label: string, calls: number, pick: 'cold' | 'warm') => {
    const ours = median(results.ours[pick]);
    const theirs = median(results['grpc-js'][pick]);
    process.stdout.write(`${label}: ours ${ours.toFixed(0)} ms, grpc-js ${theirs.toFixed(0)} ms, ratio ${(ours / theirs).toFixed(2)}\n`);
    return `| ${label} | ${(ours / calls * 1000).toFixed(0)} µs (${ours.toFixed(0)} ms) | ${(theirs / calls * 1000).toFixed(0)} µs (${theirs.toFixed(0)} ms) | **${(ours / theirs).toFixed(2)}x** |`;
  };
  writeSection('grpc-server', [
    '## gRPC server CPU per unary call',
    '',
    'The provider serves gRPC itself, on node:http2 (src/provider/protocol/grpc-server.ts). Against',
    '@grpc/grpc-js\'s server (the baseline), each in a fresh process with an echo method of raw bytes, one',
    `grpc-js client sending calls of ${PAYLOAD.length} bytes 10 at a time; server CPU for the calls alone, median of ${runs} processes each.`,
    '',
    '| calls | ours, per call (total) | grpc-js, per call (total) | ratio |',
    '|---|---|---|---|',
    row('first 800 of a process (a 200-resource plan\'s last provider process makes 800)', 800, 'cold'),
    row('4000 more', 4000, 'warm'),
  ].join('\n'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
