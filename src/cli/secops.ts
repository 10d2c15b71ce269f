#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { PROVIDER_SOURCE, defaultPluginDir, installProvider } from './install';
import { startSandbox } from './sandbox';

const USAGE = `Usage: secops <command> [options]

Commands:
  install [--dir D]    Put the Terraform provider where Terraform's implied local mirror finds it
                       (default ${defaultPluginDir()}), for source "${PROVIDER_SOURCE}".
  sandbox [--port P]   Run the vendor simulators on 127.0.0.1 until interrupted, and print the
                       export lines that point the provider at them.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'install': {
      const { values } = parseArgs({ args: rest, options: { dir: { type: 'string' } } });
      const installed = installProvider(values.dir ?? defaultPluginDir());
      process.stdout.write(`Installed ${PROVIDER_SOURCE} at ${installed}\n`);
      return 0;
    }
    case 'sandbox': {
      const { values } = parseArgs({ args: rest, options: { port: { type: 'string' } } });
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`secops sandbox: --port must be a port number, got "${values.port}"\n`);
        return 2;
      }
      const sandbox = await startSandbox({ port });
      process.stdout.write(sandbox.exports.map(line => `${line}\n`).join(''));
      process.stderr.write('# Simulators running; Ctrl-C stops them.\n');
      await new Promise<void>(resolve => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandbox.stop();
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`secops: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, error => {
  process.stderr.write(`secops: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
