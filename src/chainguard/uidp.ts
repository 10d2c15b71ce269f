import { randomBytes } from 'node:crypto';

/**
 * UIDP identifiers (UID paths) of Chainguard: a 20-byte UID, hex encoded (40 characters), then
 * zero or more `/`-separated SUIDs of 8 bytes (16 hex characters), with POSIX directory
 * semantics. A root group is a bare UID; everything inside it (child groups, subscriptions,
 * clusters, policies, ...) is its UIDP plus one SUID.
 */

/** The components of a UIDP. */
export interface UidpParts {
  /** The 40-hex-character root UID (an account or root group). */
  readonly uid: string;
  /** The 16-hex-character SUIDs below the root, outermost first. */
  readonly suids: string[];
}

const UID_PATTERN = /^[0-9a-f]{40}$/;
const SUID_PATTERN = /^[0-9a-f]{16}$/;

/** UIDP helpers, the same rules as Chainguard's own SDK (`uidp.Valid`, `Parent`, `Parents`). */
export class Uidp {
  /** True when the value is a well-formed UIDP (lower-case hex, no leading or trailing slash). */
  public static isValid(value: string): boolean {
    return Uidp.problem(value) === undefined;
  }

  /** Why the value is not a UIDP, or undefined when it is one. */
  public static problem(value: string): string | undefined {
    if (value === '') return 'must not be empty (a UIDP starts with a 40-hex-character UID)';
    const [uid, ...suids] = value.split('/');
    if (!UID_PATTERN.test(uid!)) {
      return `must start with a UID of 40 lower-case hex characters (20 bytes), got "${uid}"`;
    }
    const bad = suids.findIndex(suid => !SUID_PATTERN.test(suid));
    if (bad >= 0) {
      return `component ${bad + 2} must be an SUID of 16 lower-case hex characters (8 bytes), got "${suids[bad]}"`;
    }
    return undefined;
  }

  /** Splits a UIDP into its UID and SUIDs; throws with the reason when it is not a UIDP. */
  public static parse(value: string): UidpParts {
    Uidp.assertValid(value);
    const [uid, ...suids] = value.split('/');
    return { uid: uid!, suids };
  }

  /** The UIDP one level up, or undefined for a root UID (which has no parent). */
  public static parent(value: string): string | undefined {
    Uidp.assertValid(value);
    const slash = value.lastIndexOf('/');
    return slash < 0 ? undefined : value.slice(0, slash);
  }

  /** Every ancestor, nearest first, ending with the root UID (empty for a root UID). */
  public static ancestors(value: string): string[] {
    const found: string[] = [];
    for (let current = Uidp.parent(value); current !== undefined; current = Uidp.parent(current)) {
      found.push(current);
    }
    return found;
  }

  /** The root UID of a UIDP. */
  public static root(value: string): string {
    return Uidp.parse(value).uid;
  }

  /** True when `child` lies strictly below `ancestor` (a UIDP is not its own descendant). */
  public static isDescendantOf(child: string, ancestor: string): boolean {
    Uidp.assertValid(child);
    Uidp.assertValid(ancestor);
    return child.startsWith(`${ancestor}/`);
  }

  /** True when `child` is `ancestor` itself or lies below it. */
  public static isAncestorOrSelf(ancestor: string, child: string): boolean {
    return child === ancestor || Uidp.isDescendantOf(child, ancestor);
  }

  /** A new random UIDP directly below `parent`, or a new root UID when no parent is given. */
  public static newChild(parent?: string): string {
    if (parent === undefined || parent === '') return randomBytes(20).toString('hex');
    Uidp.assertValid(parent);
    return `${parent}/${randomBytes(8).toString('hex')}`;
  }

  private static assertValid(value: string): void {
    const problem = Uidp.problem(value);
    if (problem !== undefined) throw new Error(`"${value}" is not a UIDP: ${problem}`);
  }

  private constructor() {}
}
