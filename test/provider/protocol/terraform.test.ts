// The real Go client: Terraform installs the fixture provider from an implied local mirror and
// plans with it, which takes go-plugin's handshake, automatic mTLS, the gRPC services and a clean
// shutdown to succeed.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_ENTRY, bundle, tempDir } from './helpers';

const TERRAFORM = process.env.TERRAFORM ?? '/usr/local/bin/terraform';
const PLATFORM = `linux_${process.arch === 'x64' ? 'amd64' : process.arch}`;

const describeWithTerraform = existsSync(TERRAFORM) ? describe : describe.skip;

describeWithTerraform('terraform with the provider', () => {
  const workDir = tempDir('terraform');
  const logFile = join(workDir, 'terraform.log');

  function terraform(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    const result = spawnSync(TERRAFORM, [...args, '-no-color'], {
      cwd: workDir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: workDir,
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        TF_CLI_CONFIG_FILE: join(workDir, 'empty.tfrc'),
        TF_LOG: 'debug',
        TF_LOG_PATH: logFile,
        FIXTURE_RESOURCES: 'none',
        ...extraEnv,
      },
    });
    return { ...result, output: `${result.stdout}\n${result.stderr}` };
  }

  beforeAll(async () => {
    const pluginDir = join(workDir, 'terraform.d', 'plugins', 'terraform.local', 'secops', 'secops', '0.1.0', PLATFORM);
    const executable = await bundle(FIXTURE_ENTRY, join(pluginDir, 'terraform-provider-secops_v0.1.0'));
    chmodSync(executable, 0o755);
    writeFileSync(join(workDir, 'empty.tfrc'), '');
    writeFileSync(join(workDir, 'main.tf'), [
      'terraform {',
      '  required_providers {',
      '    secops = { source = "terraform.local/secops/secops" }',
      '  }',
      '}',
      'provider "secops" {}',
      '',
    ].join('\n'));
  });

  test('init installs it from the implied local mirror', () => {
    const result = terraform(['init', '-input=false']);
    expect(result.output).toContain('Terraform has been successfully initialized');
    expect(result.status).toBe(0);
  });

  test('plan starts it, talks to it over mutual TLS and shuts it down cleanly', () => {
    writeFileSync(logFile, '');
    const result = terraform(['plan', '-input=false']);
    expect(result.output).toContain('No changes.');
    expect(result.status).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('configuring client automatic mTLS');
    expect(log).toContain('using plugin: version=6');
    expect(log).toContain('plugin exited');
    expect(log).not.toContain('plugin failed to exit gracefully');
  });

  test('a data source read goes through validation, configuration and ReadDataSource', () => {
    writeFileSync(join(workDir, 'data.tf'), [
      'data "secops_echo" "greeting" { input = "hello" }',
      'output "greeting" { value = data.secops_echo.greeting.input }',
      '',
    ].join('\n'));
    writeFileSync(logFile, '');
    try {
      const result = terraform(['plan', '-input=false'], { FIXTURE_RESOURCES: 'all' });
      expect(result.output).toContain('greeting = "hello"');
      expect(result.status).toBe(0);
      expect(readFileSync(logFile, 'utf8')).toMatch(/FIXTURE configured by Terraform \d+\.\d+\.\d+/);
    } finally {
      rmSync(join(workDir, 'data.tf'));
    }
  });

  test('its schema reaches Terraform intact', () => {
    const result = terraform(['providers', 'schema', '-json'], { FIXTURE_RESOURCES: 'all' });
    expect(result.status).toBe(0);
    const schemas = JSON.parse(result.stdout).provider_schemas['terraform.local/secops/secops'];
    const thing = schemas.resource_schemas.fake_thing;
    expect(thing.version).toBe(2);
    expect(thing.block.attributes.tags).toEqual({ type: ['map', 'string'], description_kind: 'plain', optional: true });
    expect(thing.block.attributes.token).toMatchObject({ type: 'string', optional: true, sensitive: true });
    expect(thing.block.block_types.rule).toMatchObject({ nesting_mode: 'list', min_items: 1, max_items: 10 });
  });
});
