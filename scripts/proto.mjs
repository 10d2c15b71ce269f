// Compiles the wire contract (src/provider/protocol/*.proto) into descriptor.json, the protobufjs
// JSON form that the provider loads with `protobufjs/light` at start-up, so no .proto text is parsed
// at run time. The JSON is committed; run this after editing a .proto file.
//
//   node scripts/proto.mjs           rewrite descriptor.json
//   node scripts/proto.mjs --check   exit 1 when descriptor.json is out of date (used by a test)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const protocolDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'provider', 'protocol');
const protoFiles = ['tfplugin6.proto', 'goplugin.proto', 'grpc_health.proto'];
const descriptorPath = join(protocolDir, 'descriptor.json');

function compile() {
  // Field names become camelCase (protobufjs's default, keepCase false): that is the form the
  // runtime converts messages to and from.
  const root = new protobuf.Root();
  root.loadSync(protoFiles.map((file) => join(protocolDir, file)));
  root.resolveAll();
  return JSON.stringify(root.toJSON(), null, 2) + '\n';
}

const fresh = compile();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(descriptorPath, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== fresh) {
    console.error('src/provider/protocol/descriptor.json is out of date: run `node scripts/proto.mjs`');
    process.exit(1);
  }
} else {
  writeFileSync(descriptorPath, fresh);
}
