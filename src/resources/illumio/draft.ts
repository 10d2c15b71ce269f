import { IllumioClient } from '../../clients/illumio/client';
import { DraftObject, DraftPolicyType, PendingChange } from '../../clients/illumio/types';
import { HandlerContext } from '../../provider/definitions';

/**
 * What every Illumio policy object (label group, IP list, service, rule set) shares: it is written
 * to the draft policy and enforced once provisioned. Creates and updates stay in draft until the
 * stack's `secops_illumio_provision` provisions them together (one policy version per apply);
 * a delete provisions itself, so `terraform destroy` leaves nothing in draft or active in one pass.
 */

/** The draft object as it is now, or undefined when gone. A pending deletion is kept and reported. */
export async function readDraft<T extends DraftObject>(ctx: HandlerContext<IllumioClient>, href: string): Promise<T | undefined> {
  const found = await ctx.client.readShared<T>(href);
  if (found?.update_type === 'delete') {
    ctx.warn(
      `${href} is pending deletion in the PCE`,
      'Someone deleted this object in the draft policy without provisioning. It is still enforced; provision or revert the deletion in the PCE.',
    );
  }
  return found;
}

/**
 * Writes the draft object (PUT changes only the properties sent, so callers send every one) and
 * returns it as it now is: the PCE answers an update with 204 and no body.
 */
export async function updateDraftAndRead<T extends DraftObject>(
  ctx: HandlerContext<IllumioClient>, href: string, body: Readonly<Record<string, unknown>>, what: string,
): Promise<T> {
  await ctx.client.updateDraft(href, body, ctx.signal);
  const updated = await ctx.client.getDraft<T>(href, ctx.signal);
  if (!updated) throw new Error(`The PCE updated ${what} ${href} but no longer returns it`);
  return updated;
}

/**
 * Deletes a draft object and provisions that deletion alone (nothing else pending is touched).
 * An object never provisioned simply disappears and needs no provisioning.
 */
export async function deleteAndProvision(ctx: HandlerContext<IllumioClient>, type: DraftPolicyType, href: string): Promise<void> {
  const existed = await ctx.client.deleteDraft(href, ctx.signal);
  if (!existed) return;
  if (await isPending(ctx.client, type, href, ctx.signal)) {
    await ctx.client.provision({ description: `secops: delete ${href}`, changeSubset: { [type]: [{ href }] } }, ctx.signal);
  }
}

export async function isPending(client: IllumioClient, type: DraftPolicyType, href: string, signal?: AbortSignal): Promise<boolean> {
  const changes = (await client.pending(signal))[type] as readonly PendingChange[] | undefined;
  return (changes ?? []).some(change => change.href === href);
}
