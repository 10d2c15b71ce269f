import { BOOL, NUMBER, STRING } from '../../src/provider/cty/types';
import { UNKNOWN, Unknown } from '../../src/provider/cty/values';
import { planChange } from '../../src/provider/plan';
import { Block } from '../../src/provider/schema';

const block: Block = {
  description: 'test object',
  attributes: {
    id: { type: STRING, computed: true, description: 'assigned id' },
    modified: { type: NUMBER, computed: true, changesOnUpdate: true, description: 'revision' },
    name: { type: STRING, required: true, description: 'name' },
    parent: { type: STRING, required: true, requiresReplace: true, description: 'parent' },
    enabled: { type: BOOL, optional: true, default: true, description: 'switch' },
    label: { type: STRING, optional: true, computed: true, description: 'server fills when unset' },
  },
};

const prior = { id: 'a1', modified: 3, name: 'web', parent: 'p', enabled: true, label: 'auto' };

describe('planChange', () => {
  test('create: computed values are unknown and defaults apply', () => {
    const config = { id: null, modified: null, name: 'web', parent: 'p', enabled: null, label: null };
    const { planned, requiresReplace } = planChange(block, null, config, config);
    expect(planned).toEqual({ id: UNKNOWN, modified: UNKNOWN, name: 'web', parent: 'p', enabled: true, label: UNKNOWN });
    expect(requiresReplace).toEqual([]);
  });

  test('no change: the plan is the prior state exactly', () => {
    const config = { id: null, modified: null, name: 'web', parent: 'p', enabled: null, label: null };
    const proposed = { ...prior };
    const { planned, requiresReplace } = planChange(block, prior, proposed, config);
    expect(planned).toEqual(prior);
    expect(requiresReplace).toEqual([]);
  });

  test('update: prior computed values are kept, changesOnUpdate ones become unknown', () => {
    const config = { id: null, modified: null, name: 'api', parent: 'p', enabled: null, label: null };
    const { planned, requiresReplace } = planChange(block, prior, { ...prior, name: 'api' }, config);
    expect(planned).toEqual({ ...prior, name: 'api', modified: UNKNOWN });
    expect(requiresReplace).toEqual([]);
  });

  test('removing an attribute with a default plans the default', () => {
    const priorDisabled = { ...prior, enabled: false };
    const config = { id: null, modified: null, name: 'web', parent: 'p', enabled: null, label: null };
    const { planned } = planChange(block, priorDisabled, { ...priorDisabled }, config);
    expect(planned).toMatchObject({ enabled: true, modified: UNKNOWN, id: 'a1' });
  });

  test('a requires-replace change is reported and computed values are unknown', () => {
    const config = { id: null, modified: null, name: 'web', parent: 'q', enabled: null, label: null };
    const { planned, requiresReplace } = planChange(block, prior, { ...prior, parent: 'q' }, config);
    expect(requiresReplace).toEqual([['parent']]);
    expect(planned!.id).toBeInstanceOf(Unknown);
    expect(planned!.label).toBeInstanceOf(Unknown);
    expect(planned!.parent).toBe('q');
  });

  test('a configured optional+computed value is planned as configured', () => {
    const config = { id: null, modified: null, name: 'web', parent: 'p', enabled: null, label: 'mine' };
    const { planned } = planChange(block, prior, { ...prior, label: 'mine' }, config);
    expect(planned).toMatchObject({ label: 'mine', id: 'a1', modified: UNKNOWN });
  });

  test('destroy: the plan is null', () => {
    expect(planChange(block, prior, null, null)).toEqual({ planned: null, requiresReplace: [] });
  });

  test('a nested block: computed attributes inside are unknown on create', () => {
    const nested: Block = {
      description: 'with nested',
      attributes: { id: { type: STRING, computed: true, description: 'id' } },
      blocks: {
        rule: {
          nesting: 'list',
          block: {
            description: 'rule',
            attributes: {
              name: { type: STRING, required: true, description: 'n' },
              href: { type: STRING, computed: true, description: 'h' },
            },
          },
        },
      },
    };
    const config = { id: null, rule: [{ name: 'a', href: null }, { name: 'b', href: null }] };
    const { planned } = planChange(nested, null, config, config);
    expect(planned).toEqual({ id: UNKNOWN, rule: [{ name: 'a', href: UNKNOWN }, { name: 'b', href: UNKNOWN }] });
  });
});

describe('conditional replacement', () => {
  const conditional: Block = {
    description: 'c',
    attributes: {
      id: { type: STRING, computed: true, description: 'id' },
      name: { type: STRING, optional: true, description: 'cannot be cleared in place', requiresReplace: (before, after) => !!before && !after },
    },
  };

  test('a change the remote system can make in place is an update', () => {
    const stored = { id: 'x', name: 'a' };
    expect(planChange(conditional, stored, { id: 'x', name: 'b' }, { id: null, name: 'b' }).requiresReplace).toEqual([]);
  });

  test('a change it cannot make replaces the object', () => {
    const stored = { id: 'x', name: 'a' };
    expect(planChange(conditional, stored, { id: 'x', name: null }, { id: null, name: null }).requiresReplace).toEqual([['name']]);
  });
});

describe('requires-replace attributes whose value is unknown at plan', () => {
  const withList: Block = {
    description: 'u',
    attributes: {
      id: { type: STRING, computed: true, description: 'id' },
      parent: { type: STRING, optional: true, requiresReplace: true, description: 'parent' },
      members: { type: ['list', STRING], optional: true, requiresReplace: true, description: 'members' },
      name: { type: STRING, optional: true, description: 'in place' },
    },
  };
  const stored = { id: 'x', parent: 'p', members: ['a', 'b'], name: 'n' };

  test('an unknown value where the prior state has one is a replacement, and computed values become unknown', () => {
    const { planned, requiresReplace } = planChange(withList, stored, { ...stored, parent: UNKNOWN }, { ...stored, id: null, parent: UNKNOWN });
    expect(requiresReplace).toEqual([['parent']]);
    expect(planned!.id).toBeInstanceOf(Unknown);
  });

  test('null to unknown is a replacement too: the value may turn out set', () => {
    const unset = { ...stored, parent: null };
    expect(planChange(withList, unset, { ...unset, parent: UNKNOWN }, { ...unset, id: null, parent: UNKNOWN }).requiresReplace).toEqual([['parent']]);
  });

  test('a collection holding an unknown element is a replacement; a wholly known equal one is not', () => {
    const partly = { ...stored, members: ['a', UNKNOWN] };
    expect(planChange(withList, stored, partly, { ...partly, id: null }).requiresReplace).toEqual([['members']]);
    expect(planChange(withList, stored, { ...stored, name: 'm' }, { ...stored, id: null, name: 'm' }).requiresReplace).toEqual([]);
  });

  test('an unknown value of an attribute updated in place stays an update', () => {
    const { requiresReplace } = planChange(withList, stored, { ...stored, name: UNKNOWN }, { ...stored, id: null, name: UNKNOWN });
    expect(requiresReplace).toEqual([]);
  });

  test('a requires-replace function is given the unknown and decides', () => {
    const seen: unknown[] = [];
    const decides: Block = {
      description: 'f',
      attributes: {
        id: { type: STRING, computed: true, description: 'id' },
        name: { type: STRING, optional: true, description: 'n', requiresReplace: (_before, after) => { seen.push(after); return after instanceof Unknown; } },
      },
    };
    expect(planChange(decides, { id: 'x', name: 'a' }, { id: 'x', name: UNKNOWN }, { id: null, name: UNKNOWN }).requiresReplace).toEqual([['name']]);
    expect(seen).toEqual([UNKNOWN]);
  });
});
