import { IllumioClient } from '../../clients/illumio/client';
import { DraftObject, DraftPolicyType, PendingChange } from '../../clients/illumio/types';
import { HandlerContext } from '../../provider/definitions';

/**
 * What every Illumio policy object (label group, IP list, service, virtual service, rule set) shares: it is written
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
 * An update body without the properties that neither the configuration nor the prior state sets
 * (null, or an empty list): those keep the PCE's values, e.g. of an object imported with fields
 * this configuration never wrote. A property the configuration stopped setting is still sent, to
 * clear it. Body keys that are not attributes of the model are always sent.
 */
export function configuredBody(body: Readonly<Record<string, unknown>>, planned: object, prior: object): Record<string, unknown> {
  const isSet = (value: unknown) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
  const attributes = [planned, prior] as Array<Record<string, unknown>>;
  return Object.fromEntries(Object.entries(body).filter(([name]) =>
    !attributes.some(model => name in model) || attributes.some(model => isSet(model[name]))));
}

/**
 * Deletes a draft object and provisions that deletion alone (nothing else pending is touched).
 * An object never provisioned simply disappears and needs no provisioning. The pending list
 * decides even when the DELETE found the object gone: a DELETE repeated after a lost answer
 * finds it pending deletion (404), and that deletion still has to be provisioned.
 */
export async function deleteAndProvision(ctx: HandlerContext<IllumioClient>, type: DraftPolicyType, href: string): Promise<void> {
  await ctx.client.deleteDraft(href, ctx.signal);
  await provisionIfPending(ctx, type, href, `secops: delete ${href}`);
}

/** The provisioning in progress per client: Terraform runs handlers concurrently. */
const provisioning = new WeakMap<IllumioClient, Promise<unknown>>();

/**
 * Runs `step` (read what is pending, then provision) after any other such step of this client
 * has finished. Two concurrent deletes (two rules of one rule set) would otherwise both see one
 * change pending, and the second provision would find nothing left to provision.
 */
export async function withProvisioning<T>(client: IllumioClient, step: () => Promise<T>): Promise<T> {
  const previous = provisioning.get(client) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(step);
  provisioning.set(client, mine);
  return mine;
}

/** Provisions one object's pending change, if it still has one. */
export async function provisionIfPending(
  ctx: HandlerContext<IllumioClient>, type: DraftPolicyType, href: string, description: string,
): Promise<void> {
  const { client, signal } = ctx;
  await withProvisioning(client, async () => {
    if (await isPending(client, type, href, signal)) {
      await client.provision({ description, changeSubset: { [type]: [{ href }] } }, signal);
    }
  });
}

export async function isPending(client: IllumioClient, type: DraftPolicyType, href: string, signal?: AbortSignal): Promise<boolean> {
  const changes = (await client.pending(signal))[type] as readonly PendingChange[] | undefined;
  return (changes ?? []).some(change => change.href === href);
}
