import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Where Illumio code may reach: wire types live in the client (src/clients/illumio), vendor
// knowledge shared with the simulator in src/illumio; a simulator never imports client code.
const root = join(__dirname, '..', '..');
const sources = (dir: string): string[] => readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
  .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
  .map(entry => relative(root, join(entry.parentPath, entry.name)))
  .sort();
const imports = (file: string): string[] =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gms)].map(match => match[1]!);

test('the resources declare no PCE wire types: those are the client\'s', () => {
  const wireTypes = sources('src/resources/illumio').flatMap(file =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/^(?:export )?(?:interface|type) (\w+)\b[^\n]*(?:extends DraftObject|\bPce)/gm)]
      .map(match => `${file}: ${match[1]}`));
  expect(wireTypes).toEqual([]);
});

test('the Illumio simulator imports no client code', () => {
  const offending = sources('src/simulators/illumio').flatMap(file => imports(file).filter(path => path.includes('/clients/')).map(path => `${file}: ${path}`));
  expect(offending).toEqual([]);
});
