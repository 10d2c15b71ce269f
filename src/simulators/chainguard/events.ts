import { randomBytes, randomUUID } from 'node:crypto';
import { EVENT_TYPES, EventTypeData, FieldShape } from '../../chainguard/catalogue-data';

/** One event as the simulator delivers it (before signing and encoding). */
export interface SimulatedEvent {
  /** Ce-Id: a UUID. */
  readonly id: string;
  readonly type: string;
  readonly source: string;
  /** Ce-Subject: the UIDP of the entity (an image reference for policy validation events). */
  readonly subject: string;
  /** Ce-Group: the UIDP of the group the event happened in. */
  readonly group: string;
  /** Ce-Time, RFC 3339 with nanoseconds as Go writes it. */
  readonly time: string;
  /** The `actor`/`body` envelope. */
  readonly data: { readonly actor: { readonly subject: string }; readonly body: Record<string, unknown> };
}

export function eventTypeData(type: string): EventTypeData | undefined {
  return EVENT_TYPES.find(entry => entry.type === type);
}

/** What a caller (the API or the test endpoint) says happened. */
export interface EventInput {
  readonly type: string;
  readonly group: string;
  readonly subject: string;
  readonly actor: string;
  /** The body; default: the type's fields filled with example values, ids set to subject and group. */
  readonly body?: Record<string, unknown>;
}

export function buildEvent(input: EventInput): SimulatedEvent {
  const entry = eventTypeData(input.type);
  if (entry === undefined) throw new Error(`unknown event type "${input.type}"`);
  return {
    id: randomUUID(),
    type: input.type,
    source: entry.source.startsWith('k8s://') ? `k8s://${randomUUID()}` : entry.source,
    subject: input.subject,
    group: input.group,
    time: goTimeNow(),
    data: { actor: { subject: input.actor }, body: input.body ?? exampleBody(entry.body, input) },
  };
}

/** A body of the type's shape: ids filled in, other fields with readable example values. */
function exampleBody(shape: FieldShape, input: EventInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(shape)) {
    if (typeof kind !== 'string') {
      body[name] = exampleBody(kind, input);
      continue;
    }
    switch (kind) {
      case 'subject': body[name] = input.subject; break;
      case 'group': body[name] = input.group; break;
      case 'number': body[name] = 0; break;
      case 'boolean': body[name] = false; break;
      case 'time': body[name] = goTimeNow(); break;
      case 'map': body[name] = {}; break;
      case 'null': body[name] = null; break;
      default: body[name] = `example ${name}`;
    }
  }
  return body;
}

/** A subject for an event of this type in `group`: a new UIDP there, or an image reference. */
export function newSubject(type: string, group: string): string {
  const entry = eventTypeData(type);
  if (entry?.subjectIsImage) return `cgr.dev/chainguard/nginx@sha256:${randomBytes(32).toString('hex')}`;
  return `${group}/${randomBytes(8).toString('hex')}`;
}

/** time.Now().Format(time.RFC3339Nano) in UTC: nanoseconds, trailing zeros trimmed. */
export function goTimeNow(): string {
  const now = new Date();
  const subMillisecond = Number(process.hrtime.bigint() % 1_000_000n);
  const fraction = `${String(now.getUTCMilliseconds()).padStart(3, '0')}${String(subMillisecond).padStart(6, '0')}`.replace(/0+$/, '');
  return `${now.toISOString().slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}
