import { goJsonKind, goJsonSyntaxError } from './go';

/** A binding rule as the simulator stores it: Nomad's struct, Hash as base64. */
export interface StoredBindingRule {
  readonly ID: string;
  readonly Description: string;
  readonly AuthMethod: string;
  readonly Selector: string;
  readonly BindType: string;
  readonly BindName: string;
  readonly Hash: string;
  readonly CreateTime: string;
  readonly ModifyTime: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

export interface StoredAuthMethod {
  readonly Name: string;
  readonly Type: string;
  readonly Default: boolean;
  readonly Hash: string;
  readonly CreateIndex: number;
  readonly ModifyIndex: number;
}

/** The user fields of a decoded request body (server-owned fields are decoded, checked and dropped). */
export interface DecodedBindingRule {
  readonly ID: string;
  readonly Description: string;
  readonly AuthMethod: string;
  readonly Selector: string;
  readonly BindType: string;
  readonly BindName: string;
}

type FieldKind = 'string' | 'uint64' | 'time' | 'bytes';

const RULE_FIELDS: ReadonlyArray<readonly [string, FieldKind]> = [
  ['ID', 'string'], ['Description', 'string'], ['AuthMethod', 'string'], ['Selector', 'string'],
  ['BindType', 'string'], ['BindName', 'string'], ['Hash', 'bytes'], ['CreateTime', 'time'],
  ['ModifyTime', 'time'], ['CreateIndex', 'uint64'], ['ModifyIndex', 'uint64'],
];

const GO_TYPE: Readonly<Record<FieldKind, string>> = { string: 'string', uint64: 'uint64', time: 'time.Time', bytes: '[]uint8' };

/**
 * Decodes a request body the way Nomad's decodeBody (Go encoding/json into
 * structs.ACLBindingRule) does: keys match fields case-insensitively, unknown keys are ignored,
 * null leaves a field empty, and the first type mismatch is the error.
 */
export function decodeBindingRule(body: string, hasBody: boolean): { rule: DecodedBindingRule } | { error: string } {
  if (!hasBody) {
    return { error: 'Request body is empty' };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { error: goJsonSyntaxError(body, error as Error) };
  }
  if (value === null) {
    return { rule: emptyRule() };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { error: `json: cannot unmarshal ${goJsonKind(value)} into Go value of type structs.ACLBindingRule` };
  }
  return decodeFields(value as Record<string, unknown>);
}

function decodeFields(object: Record<string, unknown>): { rule: DecodedBindingRule } | { error: string } {
  const fields: Record<string, string> = { ...emptyRule() };
  let firstError: string | undefined;
  for (const [key, raw] of Object.entries(object)) {
    const field = RULE_FIELDS.find(([name]) => name === key) ?? RULE_FIELDS.find(([name]) => name.toLowerCase() === key.toLowerCase());
    if (field === undefined || raw === null) {
      continue;
    }
    const [name, kind] = field;
    const problem = checkField(name, kind, raw);
    if (problem !== undefined) {
      firstError ??= problem;
    } else if (kind === 'string') {
      fields[name] = raw as string;
    }
  }
  if (firstError !== undefined) {
    return { error: firstError };
  }
  return { rule: fields as unknown as DecodedBindingRule };
}

function checkField(name: string, kind: FieldKind, raw: unknown): string | undefined {
  const mismatch = (): string => `json: cannot unmarshal ${goJsonKind(raw)} into Go struct field ACLBindingRule.${name} of type ${GO_TYPE[kind]}`;
  switch (kind) {
    case 'string':
      return typeof raw === 'string' ? undefined : mismatch();
    case 'uint64':
      if (typeof raw !== 'number') {
        return mismatch();
      }
      return Number.isInteger(raw) && raw >= 0
        ? undefined
        : `json: cannot unmarshal number ${raw} into Go struct field ACLBindingRule.${name} of type uint64`;
    case 'time':
      if (typeof raw !== 'string') {
        return 'Time.UnmarshalJSON: input is not a JSON string';
      }
      return Number.isNaN(Date.parse(raw)) || !/^\d{4}-\d{2}-\d{2}T/.test(raw)
        ? `parsing time ${JSON.stringify(JSON.stringify(raw))} as "\\"2006-01-02T15:04:05Z07:00\\"": cannot parse ${JSON.stringify(raw)}`
        : undefined;
    case 'bytes':
      if (typeof raw !== 'string') {
        return Array.isArray(raw) ? undefined : mismatch();
      }
      return /^[A-Za-z0-9+/]*={0,2}$/.test(raw) && raw.length % 4 === 0 ? undefined : 'illegal base64 data at input byte 0';
  }
}

function emptyRule(): DecodedBindingRule {
  return { ID: '', Description: '', AuthMethod: '', Selector: '', BindType: '', BindName: '' };
}

/** `GET /v1/acl/binding-rules` entry: ACLBindingRuleListStub. */
export function bindingRuleStub(rule: StoredBindingRule): Record<string, unknown> {
  return {
    ID: rule.ID,
    Description: rule.Description,
    AuthMethod: rule.AuthMethod,
    Hash: rule.Hash,
    CreateIndex: rule.CreateIndex,
    ModifyIndex: rule.ModifyIndex,
  };
}

/** `GET /v1/acl/auth-methods` entry: ACLAuthMethodStub. */
export function authMethodStub(method: StoredAuthMethod): Record<string, unknown> {
  return { ...method };
}
