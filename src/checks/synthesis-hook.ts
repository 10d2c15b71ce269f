import { ISynthesisSession } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The key under which cdktf's stack synthesizer looks for a construct's custom synthesis (run
 * after the aspects, with the session and its output directory). cdktf does not export its
 * `addCustomSynthesis` from the package entry, but the key is a global-registry symbol, the same
 * for every copy of cdktf loaded: setting it needs no private module path. The public
 * alternative, replacing `TerraformStack.synthesizer`, comes too late: the report construct is
 * made by the aspect, during the synthesis. test/checks/synthesis-hook.test.ts fails if a cdktf
 * release stops honouring the key.
 */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');

/** Runs `write` when the construct's stack is synthesized, after its aspects. */
export function onStackSynthesis(construct: IConstruct, write: (session: ISynthesisSession) => void): void {
  Object.defineProperty(construct, CUSTOM_SYNTHESIS, { value: { onSynthesize: write }, enumerable: false });
}
