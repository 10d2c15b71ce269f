import { harness, problemsOf } from './harness';
import { scope, ScopeModel } from '../../../src/resources/carbonblack/scope';
import { ANY_SCOPE } from '../../../src/simulators/carbonblack';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe('secops_carbonblack_scope', () => {
  const h = harness();
  const planned = (fields: Partial<ScopeModel> = {}): ScopeModel => ({
    scope_id: null,
    name: 'prod',
    lifecycle_phase: 'deployed',
    clusters: ['prod:eu'],
    clusters_groups: null,
    namespaces: ['*'],
    is_protected: null,
    creator: null,
    created_on: null,
    modified_by: null,
    modified_on: null,
    ...fields,
  });

  test('create posts without scope_id and reads the scope back; unset cluster groups stay null', async () => {
    const created = await scope.create(h.ctx(), planned());
    expect(created).toEqual({
      scope_id: expect.any(String),
      name: 'prod',
      lifecycle_phase: 'deployed',
      clusters: ['prod:eu'],
      clusters_groups: null,
      namespaces: ['*'],
      is_protected: false,
      creator: 'secops-sandbox@example.com',
      created_on: ISO,
      modified_by: 'secops-sandbox@example.com',
      modified_on: ISO,
    });
    expect(JSON.parse(h.sim.requests.find(r => r.method === 'POST')!.body)).toEqual({
      name: 'prod', lifecycle_phase: 'deployed', clusters: ['prod:eu'], clusters_groups: [], namespaces: ['*'],
    });
    expect(await scope.read(h.ctx(), created)).toEqual(created);
  });

  test('update posts with scope_id to the same scope', async () => {
    const created = await scope.create(h.ctx(), planned());
    const updated = await scope.update(h.ctx(), planned({ ...created, namespaces: ['web', 'api'], clusters_groups: ['eu'] }), created);
    expect(updated).toMatchObject({ scope_id: created.scope_id, namespaces: ['web', 'api'], clusters_groups: ['eu'] });
    expect(JSON.parse(h.sim.requests.at(-2)!.body)).toMatchObject({ scope_id: created.scope_id });
    expect(h.sim.scopes()).toHaveLength(2);
  });

  test('a create meeting a scope of the same name, or of the same combination, fails asking for import and writes nothing', async () => {
    const existing = await scope.create(h.ctx(), planned());
    await expect(scope.create(h.ctx(), planned({ clusters: ['other'] })))
      .rejects.toThrow(`A Carbon Black Cloud scope named "prod" already exists (id ${existing.scope_id}). Creating it would clash with or overwrite it: adopt it with \`terraform import secops_carbonblack_scope.<name> ${existing.scope_id}\``);
    await expect(scope.create(h.ctx(), planned({ name: 'prod-2', clusters: ['*'], namespaces: ['*'] })))
      .rejects.toThrow(`A Carbon Black Cloud scope with the same clusters, cluster groups and namespaces ("Any") already exists (id ${ANY_SCOPE.scope_id})`);
    expect(h.sim.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });

  test('the API\'s own errors come through with status and message (invalid lifecycle sent by a bypassing caller)', async () => {
    await expect(scope.create(h.ctx(), planned({ lifecycle_phase: 'runtime' })))
      .rejects.toThrow(/^Carbon Black Cloud API error \(400 Bad Request\) on POST \/containers\/v1\/orgs\/\w+\/guardrails\/management\/scopes: runtime is not a valid scope life cycle$/);
  });

  test('a scope deleted out of band reads as gone; delete of a gone scope succeeds', async () => {
    const created = await scope.create(h.ctx(), planned());
    await h.client().deleteScope(created.scope_id!);
    expect(await scope.read(h.ctx(), created)).toBeUndefined();
    await expect(scope.delete(h.ctx(), created)).resolves.toBeUndefined();
  });

  test('delete of a scope a policy uses fails with the API\'s 400, and the scope stays', async () => {
    const created = await scope.create(h.ctx(), planned());
    await h.client().createPolicy({ name: 't1', scope_id: created.scope_id!, status: 'enabled' });
    await expect(scope.delete(h.ctx(), created)).rejects.toThrow(`Scope id ${created.scope_id} is being used by policy t1`);
    expect(await scope.read(h.ctx(), created)).toEqual(created);
  });

  test('import by scope_id', async () => {
    const created = await scope.create(h.ctx(), planned({ clusters_groups: ['eu'] }));
    const imported = await scope.importState!(h.ctx(), created.scope_id!);
    expect(await scope.read(h.ctx(), imported as ScopeModel)).toEqual(created);
  });

  test('validation: clusters or cluster groups required, lifecycle enum, empty name', () => {
    const problems = problemsOf(scope, planned({ name: '', clusters: [], clusters_groups: null, lifecycle_phase: 'runtime' }));
    expect(problems).toEqual([
      ['name', 'must not be empty'],
      ['lifecycle_phase', 'must be one of "any", "build", "deployed", got "runtime"'],
      ['clusters', 'a scope needs at least one value in "clusters" or "clusters_groups" (`*` means all)'],
    ]);
    expect(problemsOf(scope, planned({ clusters: null, clusters_groups: ['eu'] }))).toEqual([]);
  });
});
