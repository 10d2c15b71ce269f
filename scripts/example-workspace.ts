/**
 * A throwaway copy of one of examples/, runnable with cdktf-cli and the real terraform, offline:
 * the demo and the end-to-end tests use it so that no run shares state with another or with the
 * checkout. The copy keeps the example's place relative to the sources (`../../src` resolves
 * through a symlink to the checkout's), and Terraform runs with an empty CLI configuration, so the
 * implied local mirror beside each stack is what serves the provider.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..');
const CDKTF_CLI = join(REPO_ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');

/** Terraform for the demo (from PATH) and the tests (TERRAFORM_BINARY or /usr/local/bin/terraform). */
export function terraformBinary(fallback: string): string {
  return process.env.TERRAFORM_BINARY ?? fallback;
}

export interface CommandResult {
  readonly code: number;
  /** stdout and stderr, interleaved as they arrived. */
  readonly output: string;
}

export interface ExampleWorkspaceOptions {
  /** Extra environment, e.g. NOMAD_ADDR and NOMAD_TOKEN. */
  readonly env?: Record<string, string>;
  /** The terraform binary cdktf and `terraform()` run. */
  readonly terraform: string;
  /** Stream commands' output to this process's terminal (the demo) instead of only capturing it. */
  readonly echo?: boolean;
}

/** Files a run of the example leaves behind; never copied, so each copy starts clean. */
const RUN_ARTIFACTS = new Set(['cdktf.out', '.terraform', 'terraform.d', 'node_modules', '.terraform.lock.hcl']);

export class ExampleWorkspace {
  /** The example's copy: cdktf and terraform run here. */
  readonly dir: string;
  private readonly root: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(example: string, private readonly options: ExampleWorkspaceOptions) {
    this.root = mkdtempSync(join(tmpdir(), `secops-${basename(example)}-`));
    this.dir = join(this.root, 'examples', basename(example));
    cpSync(join(REPO_ROOT, 'examples', example), this.dir, {
      recursive: true,
      filter: source => !RUN_ARTIFACTS.has(basename(source)) && !basename(source).includes('.tfstate'),
    });
    // Same relative layout as the checkout: the example's `../../src` and module resolution
    // (cdktf, constructs, ts-node) land on the checkout's, through symlinks.
    symlinkSync(join(REPO_ROOT, 'src'), join(this.root, 'src'), 'dir');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(this.root, 'node_modules'), 'dir');
    const home = join(this.root, 'home');
    mkdirSync(home);
    // An existing, empty CLI config: no provider_installation block can override the implied mirror.
    const cliConfig = join(this.root, 'terraformrc');
    writeFileSync(cliConfig, '');
    this.env = {
      PATH: process.env.PATH,
      HOME: home,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      TF_CLI_CONFIG_FILE: cliConfig,
      TERRAFORM_BINARY_NAME: options.terraform,
      ...options.env,
    };
  }

  /** The directory cdktf synthesizes a stack into (its cdk.tf.json, lock file and plugin mirror). */
  stackDir(stack: string): string {
    return join(this.dir, 'cdktf.out', 'stacks', stack);
  }

  /** Runs cdktf-cli (the package's own, not a download) in the example's copy. */
  cdktf(...args: string[]): Promise<CommandResult> {
    return this.run(process.execPath, [CDKTF_CLI, ...args], this.dir);
  }

  /** Runs terraform in a directory of the copy (the example itself or a stack directory). */
  terraform(cwd: string, ...args: string[]): Promise<CommandResult> {
    return this.run(this.options.terraform, args, cwd);
  }

  /**
   * Spawns without blocking: the simulators answer from this same process, so a synchronous
   * child would deadlock the provider's requests.
   */
  run(command: string, args: string[], cwd: string): Promise<CommandResult> {
    const echo = this.options.echo ?? false;
    return new Promise((resolvePromise, reject) => {
      const child = spawn(command, args, { cwd, env: this.env, stdio: echo ? 'inherit' : 'pipe' });
      let output = '';
      child.stdout?.on('data', chunk => { output += chunk; });
      child.stderr?.on('data', chunk => { output += chunk; });
      child.on('error', error => reject(new Error(`could not run ${command}: ${error.message}`)));
      child.on('close', code => resolvePromise({ code: code ?? -1, output }));
    });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
