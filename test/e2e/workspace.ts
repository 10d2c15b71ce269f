import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProvider } from '../../src/cli/install';

export const TERRAFORM = process.env.TERRAFORM_BINARY ?? '/usr/local/bin/terraform';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A Terraform working directory wired to the bundled provider through the implied local mirror
 * (`terraform.d/plugins` beside the configuration), offline, with a real (empty) CLI config.
 */
export class TerraformWorkspace {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(env: Record<string, string> = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'secops-e2e-'));
    installProvider(join(this.dir, 'terraform.d', 'plugins'));
    const cliConfig = join(this.dir, 'terraformrc');
    writeFileSync(cliConfig, '');
    this.env = {
      PATH: process.env.PATH,
      HOME: this.dir,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_CLI_CONFIG_FILE: cliConfig,
      ...env,
    };
  }

  /** Writes main.tf, with the provider requirement prepended. */
  writeConfig(body: string): void {
    writeFileSync(join(this.dir, 'main.tf'), [
      'terraform {',
      '  required_providers {',
      '    secops = { source = "terraform.local/secops/secops" }',
      '  }',
      '}',
      body,
    ].join('\n'));
  }

  run(...args: string[]): Promise<RunResult> {
    return this.runWithEnv({}, ...args);
  }

  /** Runs with extra environment variables for this one command. */
  runWithEnv(extraEnv: Record<string, string>, ...args: string[]): Promise<RunResult> {
    const env = { ...this.env, ...extraEnv };
    return new Promise((resolve, reject) => {
      // Flags must precede positional arguments (import ADDR ID); commands with subcommands
      // (`state list`, `providers schema`) take no -no-color.
      const [command, ...rest] = args;
      const argv = command === 'state' || command === 'providers' ? args : [command, '-no-color', ...rest];
      const child = spawn(TERRAFORM, argv, { cwd: this.dir, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', chunk => { stdout += chunk; });
      child.stderr.on('data', chunk => { stderr += chunk; });
      child.on('error', reject);
      child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  /** Runs and fails with Terraform's output when the exit code is not the expected one. */
  async expect(code: number, ...args: string[]): Promise<RunResult> {
    const result = await this.run(...args);
    if (result.code !== code) {
      throw new Error(`terraform ${args.join(' ')} exited ${result.code}, expected ${code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
