import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProvider } from '../src/cli/install';
import { NomadSimulator } from '../src/simulators/nomad';
const run = promisify(execFile);
async function main() {
  const nomad = new NomadSimulator(); await nomad.start();
  const ws = async (bundle: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'ab-'));
    writeFileSync(join(dir, '.terraformrc'), '');
    writeFileSync(join(dir, 'main.tf'), `terraform {
  required_providers { secops = { source = "terraform.local/secops/secops" } }
}
provider "secops" {}
resource "secops_nomad_acl_binding_rule" "r" {
  auth_method = "okta"
  selector    = "\\"team\\" in list.groups"
  bind_type   = "role"
  bind_name   = "role"
}
`);
    const target = installProvider(join(dir, 'terraform.d', 'plugins'));
    copyFileSync(bundle, target);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: join(dir, '.terraformrc'), NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken };
    const tf = (...a: string[]) => run('/usr/local/bin/terraform', a, { cwd: dir, env, maxBuffer: 1e8 });
    await tf('init', '-input=false'); await tf('apply', '-auto-approve', '-input=false');
    return async () => { const s = performance.now(); await tf('plan', '-input=false'); return performance.now() - s; };
  };
  const a = await ws(process.argv[2]); const b = await ws(process.argv[3]);
  const ta: number[] = [], tb: number[] = [];
  for (let i = 0; i < 11; i++) { ta.push(await a()); tb.push(await b()); }
  const med = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)];
  console.log('A', med(ta).toFixed(0), 'B', med(tb).toFixed(0), 'B/A', (med(tb) / med(ta)).toFixed(3));
  await nomad.stop();
}
main();
