/**
 * cty types in the JSON form Terraform uses for them (the form `terraform providers schema -json`
 * prints and that schemas carry in `Schema.Attribute.type`):
 *   "string" | "number" | "bool" | "dynamic"
 *   ["list", T] | ["set", T] | ["map", T] | ["tuple", [T...]]
 *   ["object", { name: T }] | ["object", { name: T }, ["optional_attr", ...]]
 */
export type CtyPrimitiveType = 'string' | 'number' | 'bool' | 'dynamic';
export type CtyType =
  | CtyPrimitiveType
  | readonly ['list', CtyType]
  | readonly ['set', CtyType]
  | readonly ['map', CtyType]
  | readonly ['tuple', readonly CtyType[]]
  | readonly ['object', { readonly [name: string]: CtyType }]
  | readonly ['object', { readonly [name: string]: CtyType }, readonly string[]];

export const STRING: CtyType = 'string';
export const NUMBER: CtyType = 'number';
export const BOOL: CtyType = 'bool';
export const DYNAMIC: CtyType = 'dynamic';
export const list = (element: CtyType): CtyType => ['list', element];
export const set = (element: CtyType): CtyType => ['set', element];
export const map = (element: CtyType): CtyType => ['map', element];
export const tuple = (elements: CtyType[]): CtyType => ['tuple', elements];
export const object = (attributes: Record<string, CtyType>, optional?: string[]): CtyType =>
  optional && optional.length > 0 ? ['object', attributes, optional] : ['object', attributes];
