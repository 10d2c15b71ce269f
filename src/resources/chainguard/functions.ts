import { Uidp } from '../../chainguard/uidp';
import { BOOL, STRING, list } from '../../provider/cty/types';
import { CtyValue } from '../../provider/cty/values';
import { defineFunction, FunctionArgumentError } from '../../provider/definitions';

/**
 * UIDP helpers as Terraform provider functions (`provider::secops::uidp_parent(...)`, Terraform
 * 1.8+), the same rules as the library's `Uidp` class: a 40-hex-character UID, then
 * `/`-separated 16-hex-character SUIDs.
 */
const UIDP_PARAMETER = { name: 'uidp', type: STRING, description: 'A UIDP, e.g. `0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1`.' };

/** The argument as a UIDP, or an error that points at it. */
function uidpArgument(args: CtyValue[], index: number): string {
  const value = args[index] as string;
  const problem = Uidp.problem(value);
  if (problem !== undefined) throw new FunctionArgumentError(index, `"${value}" is not a UIDP: ${problem}`);
  return value;
}

export const uidpValid = defineFunction({
  name: 'uidp_valid',
  summary: 'Whether a string is a well-formed Chainguard UIDP',
  description: 'True when the value is a 40-hex-character UID followed by zero or more `/`-separated 16-hex-character SUIDs.',
  parameters: [{ ...UIDP_PARAMETER, description: 'Any string.' }],
  returns: BOOL,
  call: args => Uidp.isValid(args[0] as string),
});

export const uidpParent = defineFunction({
  name: 'uidp_parent',
  summary: 'The UIDP one level up',
  description: 'The UIDP of the group that contains the given one, e.g. a subscription\'s group. A root UID has no parent: that is an error.',
  parameters: [UIDP_PARAMETER],
  returns: STRING,
  call: args => {
    const parent = Uidp.parent(uidpArgument(args, 0));
    if (parent === undefined) throw new FunctionArgumentError(0, `"${String(args[0])}" is a root UID and has no parent`);
    return parent;
  },
});

export const uidpAncestors = defineFunction({
  name: 'uidp_ancestors',
  summary: 'Every ancestor of a UIDP, nearest first',
  description: 'The UIDPs above the given one, from its parent up to the root UID; empty for a root UID.',
  parameters: [UIDP_PARAMETER],
  returns: list(STRING),
  call: args => Uidp.ancestors(uidpArgument(args, 0)),
});

export const uidpRoot = defineFunction({
  name: 'uidp_root',
  summary: 'The root UID of a UIDP',
  description: 'The first component of the UIDP: the account or root group it belongs to.',
  parameters: [UIDP_PARAMETER],
  returns: STRING,
  call: args => Uidp.root(uidpArgument(args, 0)),
});

export const uidpIsDescendantOf = defineFunction({
  name: 'uidp_is_descendant_of',
  summary: 'Whether a UIDP lies below another',
  description: 'True when `uidp` is strictly below `ancestor` (a UIDP is not its own descendant).',
  parameters: [UIDP_PARAMETER, { name: 'ancestor', type: STRING, description: 'The UIDP of the presumed ancestor.' }],
  returns: BOOL,
  call: args => Uidp.isDescendantOf(uidpArgument(args, 0), uidpArgument(args, 1)),
});

export const uidpFunctions = [uidpValid, uidpParent, uidpAncestors, uidpRoot, uidpIsDescendantOf];
