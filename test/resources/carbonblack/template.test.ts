import { harness, problemsOf } from './harness';
import { template, TemplateModel } from '../../../src/resources/carbonblack/template';
import { templateRules, TemplateRulesModel } from '../../../src/resources/carbonblack/template-rules';

describe('secops_carbonblack_template', () => {
  const h = harness();
  const planned = (fields: Partial<TemplateModel> = {}): TemplateModel => ({
    template_id: null,
    name: 'baseline',
    rule: [{ rule_id: 'privileged', action: 'block' }, { rule_id: 'host-network', action: 'alert' }],
    creator: null,
    created_on: null,
    ...fields,
  });
  const remoteRules = (id: string) => h.sim.templates().find(t => t.template_id === id)?.rules;

  test('create posts without template_id; read finds it in the list', async () => {
    const created = await template.create(h.ctx(), planned());
    expect(created).toEqual({ ...planned(), template_id: expect.any(String), creator: 'secops-sandbox@example.com', created_on: expect.stringMatching(/^\d{4}-/) });
    expect(JSON.parse(h.sim.requests.find(r => r.method === 'POST')!.body)).toEqual({ name: 'baseline', rules: [{ id: 'privileged', action: 'block' }, { id: 'host-network', action: 'alert' }] });
    expect(await template.read(h.ctx(), created)).toEqual(created);
  });

  test('a second template of the same name is refused asking for import (the API would make a duplicate); built-in names too', async () => {
    const existing = await template.create(h.ctx(), planned());
    await expect(template.create(h.ctx(), planned())).rejects.toThrow(`A Carbon Black Cloud template named "baseline" already exists (id ${existing.template_id})`);
    await expect(template.create(h.ctx(), planned({ name: 'CiS benchmark 1.6.0' }))).rejects.toThrow('is the name of a built-in Carbon Black Cloud template (cis-benchmark-1-6-0)');
    expect(h.sim.templates().filter(t => t.name === 'baseline')).toHaveLength(1);
  });

  test('rules added by others are neither drift nor lost on update; an owned rule changed out of band is drift', async () => {
    const created = await template.create(h.ctx(), planned());
    await h.client().addRulesToTemplates([created.template_id!], [{ id: 'run-as-non-root', action: 'enforce' }]);
    expect(await template.read(h.ctx(), created)).toEqual(created);
    const updated = await template.update(h.ctx(), planned({ ...created, name: 'baseline v2', rule: [{ rule_id: 'privileged', action: 'alert' }] }), created);
    expect(updated.rule).toEqual([{ rule_id: 'privileged', action: 'alert' }]);
    expect(remoteRules(created.template_id!)).toEqual([{ id: 'privileged', action: 'alert' }, { id: 'run-as-non-root', action: 'enforce' }]);
    await h.client().updateTemplate(created.template_id!, { name: 'baseline v2', rules: [{ id: 'privileged', action: 'block' }] });
    expect((await template.read(h.ctx(), updated))!.rule).toEqual([{ rule_id: 'privileged', action: 'block' }]);
  });

  test('deleted out of band reads as gone; delete of a gone template succeeds; import owns every rule', async () => {
    const created = await template.create(h.ctx(), planned());
    expect(await template.importState!(h.ctx(), created.template_id!)).toEqual({ template_id: created.template_id, rule: created.rule });
    await h.client().deleteTemplate(created.template_id!);
    expect(await template.read(h.ctx(), created)).toBeUndefined();
    await expect(template.delete(h.ctx(), created)).resolves.toBeUndefined();
    await expect(template.importState!(h.ctx(), 'cis-benchmark-1-6-0')).rejects.toThrow('no custom template with id cis-benchmark-1-6-0');
  });

  test('an unsupported action comes back as the API\'s 400', async () => {
    await expect(template.create(h.ctx(), planned({ rule: [{ rule_id: 'privileged', action: 'enforce' }] })))
      .rejects.toThrow(/\(400 Bad Request\) on POST .*\/templates: The provided template was invalid$/);
  });
});

describe('secops_carbonblack_template_rules', () => {
  const h = harness();
  const remoteRules = (id: string) => h.sim.templates().find(t => t.template_id === id)?.rules;
  let one: string;
  let two: string;
  beforeEach(async () => {
    one = await h.client().createTemplate({ name: 'one', rules: [{ id: 'privileged', action: 'alert' }] });
    two = await h.client().createTemplate({ name: 'two', rules: [] });
  });
  const planned = (fields: Partial<TemplateRulesModel> = {}): TemplateRulesModel => ({
    template_ids: [one, two], rule: [{ rule_id: 'host-network', action: 'block' }, { rule_id: 'run-as-non-root', action: 'enforce' }], ...fields,
  });

  test('create appends the rules to every template with one add_rules call; read sees them', async () => {
    const created = await templateRules.create(h.ctx(), planned());
    expect(h.sim.requests.filter(r => r.path.endsWith('/add_rules')).map(r => JSON.parse(r.body))).toEqual([
      { template_ids: [one, two], rules: [{ id: 'host-network', action: 'block' }, { id: 'run-as-non-root', action: 'enforce' }] },
    ]);
    expect(remoteRules(one)).toEqual([{ id: 'privileged', action: 'alert' }, { id: 'host-network', action: 'block' }, { id: 'run-as-non-root', action: 'enforce' }]);
    expect(await templateRules.read(h.ctx(), created)).toEqual(created);
  });

  test('drift: a rule removed from one template leaves state; a deleted template leaves the list; all deleted is gone', async () => {
    const created = await templateRules.create(h.ctx(), planned());
    await h.client().updateTemplate(two, { name: 'two', rules: [{ id: 'host-network', action: 'block' }] });
    expect(await templateRules.read(h.ctx(), created)).toEqual({ template_ids: [one, two], rule: [{ rule_id: 'host-network', action: 'block' }] });
    await h.client().deleteTemplate(two);
    expect(await templateRules.read(h.ctx(), created)).toEqual({ ...created, template_ids: [one] });
    await h.client().deleteTemplate(one);
    expect(await templateRules.read(h.ctx(), created)).toBeUndefined();
  });

  test('update removes dropped rules, and all its rules from templates no longer listed, then adds', async () => {
    const created = await templateRules.create(h.ctx(), planned());
    await templateRules.update(h.ctx(), planned({ template_ids: [one], rule: [{ rule_id: 'host-network', action: 'alert' }] }), created);
    expect(remoteRules(one)).toEqual([{ id: 'privileged', action: 'alert' }, { id: 'host-network', action: 'alert' }]);
    expect(remoteRules(two)).toEqual([]);
  });

  test('delete removes what it added and leaves the templates\' own rules', async () => {
    const created = await templateRules.create(h.ctx(), planned());
    await templateRules.delete(h.ctx(), created);
    expect(remoteRules(one)).toEqual([{ id: 'privileged', action: 'alert' }]);
    expect(remoteRules(two)).toEqual([]);
  });

  test('a built-in template is refused with the API\'s 400', async () => {
    await expect(templateRules.create(h.ctx(), planned({ template_ids: ['cis-benchmark-1-6-0'] })))
      .rejects.toThrow(/\(400 Bad Request\) on POST .*\/templates\/add_rules: error updating rules for custom templates, acount \w+ templateId \[cis-benchmark-1-6-0\]$/);
  });

  test('validation: at least one template id', () => {
    expect(problemsOf(templateRules, planned({ template_ids: [] })))
      .toEqual([['template_ids', 'must list at least one template id']]);
  });
});
