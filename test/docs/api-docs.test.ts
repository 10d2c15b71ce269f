import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderApiIndex } from '../../scripts/generate-api-index';

const root = join(__dirname, '..', '..');
const apiPages = readdirSync(join(root, 'docs', 'api')).sort();

test('API.md indexes every page of docs/api (run `npx projen docgen` when this fails)', () => {
  const index = readFileSync(join(root, 'API.md'), 'utf8');
  expect(index).toBe(renderApiIndex(apiPages));
  const linked = [...index.matchAll(/\]\(docs\/api\/([^)]+)\)/g)].map(match => match[1]).sort();
  expect(linked).toEqual(apiPages);
  expect(apiPages).toEqual(expect.arrayContaining(['root.typescript.md', 'illumio.typescript.md', 'illumio.python.md']));
});

test('the generated constructs link their documentation to committed pages of docs/', () => {
  const repository = `${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).repository.url as string).replace(/\.git$/, '')}/blob/main/`;
  const constructs = join(root, 'src', 'constructs');
  const links = new Set<string>();
  for (const file of readdirSync(constructs, { recursive: true, encoding: 'utf8' }).filter(name => name.endsWith('.ts'))) {
    for (const [, path] of readFileSync(join(constructs, file), 'utf8').matchAll(new RegExp(`${repository.replace(/[./]/g, '\\$&')}([^\\s#}]+)`, 'g'))) {
      links.add(path!);
    }
  }
  expect([...links].filter(path => !path.startsWith('docs/') || !existsSync(join(root, path)))).toEqual([]);
  expect(links).toContain('docs/resources/illumio_label.md');
  expect(links).toContain('docs/data-sources/illumio_label.md');
  expect(links).toContain('docs/index.md');
});
