import { harness } from './harness';
import { labelGroupsData } from '../../../src/datasources/illumio/label-groups';
import { ruleSetsData } from '../../../src/datasources/illumio/rule-sets';

describe('list data sources of label groups and rule sets', () => {
  const h = harness();

  test('label groups: all, by key, by exact name (the PCE matches names partially)', async () => {
    const web = await h.label('role', 'web');
    const prod = await h.label('env', 'prod');
    await h.client().createDraft('label_groups', { key: 'role', name: 'tiers', labels: [{ href: web }] });
    await h.client().createDraft('label_groups', { key: 'role', name: 'tiers-2' });
    await h.client().createDraft('label_groups', { key: 'env', name: 'envs', labels: [{ href: prod }] });

    const all = await labelGroupsData.read(h.ctx(), { name: null, key: null, label_groups: null });
    expect(all.label_groups!.map(g => g.name).sort()).toEqual(['envs', 'tiers', 'tiers-2']);
    const roles = await labelGroupsData.read(h.ctx(), { name: null, key: 'role', label_groups: null });
    expect(roles.label_groups!.map(g => g.name).sort()).toEqual(['tiers', 'tiers-2']);
    const exact = await labelGroupsData.read(h.ctx(), { name: 'tiers', key: null, label_groups: null });
    expect(exact.label_groups!.map(g => [g.name, g.labels])).toEqual([['tiers', [web]]]);
  });

  test('rule sets: all, and by exact name; pending deletions are left out', async () => {
    const shop = await h.client().createDraft('rule_sets', { name: 'shop', scopes: [[]] });
    await h.client().createDraft('rule_sets', { name: 'shop-prod', scopes: [[]] });
    await h.client().provision({ description: 'base' });
    await h.client().deleteDraft(shop.href);

    const all = await ruleSetsData.read(h.ctx(), { name: null, rule_sets: null });
    expect(all.rule_sets!.map(r => r.name)).toEqual(['shop-prod']);
    const exact = await ruleSetsData.read(h.ctx(), { name: 'shop-prod', rule_sets: null });
    expect(exact.rule_sets!.map(r => [r.name, r.enabled])).toEqual([['shop-prod', true]]);
  });
});
