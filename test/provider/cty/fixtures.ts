import { CtyValueError } from '../../../src/provider/cty/errors';
import { BOOL, CtyType, DYNAMIC, NUMBER, STRING, list, map, object, set, tuple } from '../../../src/provider/cty/types';
import { CtyValue, Decimal, Dynamic, UNKNOWN, Unknown } from '../../../src/provider/cty/values';

/**
 * Bytes Terraform 1.11.4 itself wrote. Captured on this machine from `terraform plan -out` and
 * `terraform apply` with the built-in `terraform_data` resource (whose `input` and `output` are
 * "dynamic"): the planned new state's msgpack was read out of the plan file's protobuf, the JSON is
 * the `attributes` of the resulting state file with the indentation removed (Terraform indents
 * the state file but writes each value with cty/json, which this compact text is).
 */

export function fromHex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The schema type of `terraform_data`. */
export const TERRAFORM_DATA: CtyType = object({ id: STRING, input: DYNAMIC, output: DYNAMIC, triggers_replace: DYNAMIC });

/** The planned `id` of a new terraform_data: unknown, refined as not null. */
export const NOT_NULL_UNKNOWN = new Unknown(fromHex('8101c2'));

/**
 * resource "terraform_data" "x" {
 *   input = {
 *     small = 1, neg = -5, big = 9007199254740993, u64max = 18446744073709551615,
 *     i64min = -9223372036854775808, i64max = 9223372036854775807, f = 1.5, dec = 0.1,
 *     long = 123456789012345678901234567890.5, s = "hello", b = true, l = ["a", "b"], n = null
 *   }
 * }
 */
export const NUMBERS_TYPE: CtyType = object({
  b: BOOL,
  big: NUMBER,
  dec: NUMBER,
  f: NUMBER,
  i64max: NUMBER,
  i64min: NUMBER,
  l: tuple([STRING, STRING]),
  long: NUMBER,
  n: DYNAMIC,
  neg: NUMBER,
  s: STRING,
  small: NUMBER,
  u64max: NUMBER,
});

export const NUMBERS_VALUE: CtyValue = {
  b: true,
  big: 9007199254740993n,
  dec: new Decimal('0.1'),
  f: 1.5,
  i64max: 9223372036854775807n,
  i64min: -9223372036854775808n,
  l: ['a', 'b'],
  long: new Decimal('123456789012345678901234567890.5'),
  n: null,
  neg: -5,
  s: 'hello',
  small: 1,
  u64max: 18446744073709551615n,
};

const NUMBERS_TYPE_JSON_HEX =
  '5b226f626a656374222c7b2262223a22626f6f6c222c22626967223a226e756d626572222c22646563223a226e756d626572222c2266223a226e756d62'
  + '6572222c226936346d6178223a226e756d626572222c226936346d696e223a226e756d626572222c226c223a5b227475706c65222c5b22737472696e'
  + '67222c22737472696e67225d5d2c226c6f6e67223a226e756d626572222c226e223a2264796e616d6963222c226e6567223a226e756d626572222c2273'
  + '223a22737472696e67222c22736d616c6c223a226e756d626572222c227536346d6178223a226e756d626572227d5d';

/** The planned new state of terraform_data.x, as the plan file holds it. */
export const NUMBERS_PLANNED_HEX =
  '84a26964c7030c8101c2a5696e70757492c4e5' + NUMBERS_TYPE_JSON_HEX
  + '8da162c3a3626967cf0020000000000001a3646563a3302e31a166cb3ff8000000000000a66936346d6178cf7fffffffffffffffa66936346d696ed3'
  + '8000000000000000a16c92a161a162a46c6f6e67d9203132333435363738393031323334353637383930313233343536373839302e35a16ec0a36e65'
  + '67fba173a568656c6c6fa5736d616c6c01a67536346d6178b43138343436373434303733373039353531363135'
  + 'a66f757470757492c4e5' + NUMBERS_TYPE_JSON_HEX + 'd40000'
  + 'b074726967676572735f7265706c616365c0';

export const NUMBERS_PLANNED_VALUE: CtyValue = {
  id: NOT_NULL_UNKNOWN,
  input: new Dynamic(NUMBERS_TYPE, NUMBERS_VALUE),
  output: new Dynamic(NUMBERS_TYPE, UNKNOWN),
  triggers_replace: null,
};

/** The state of terraform_data.x after apply (id as Terraform generated it). */
export const NUMBERS_STATE_JSON =
  '{"id":"d26db5e1-d753-e46e-201a-35787801cfd9","input":{"value":{"b":true,"big":9007199254740993,"dec":0.1,"f":1.5,'
  + '"i64max":9223372036854775807,"i64min":-9223372036854775808,"l":["a","b"],"long":123456789012345678901234567890.5,'
  + '"n":null,"neg":-5,"s":"hello","small":1,"u64max":18446744073709551615},"type":["object",{"b":"bool","big":"number",'
  + '"dec":"number","f":"number","i64max":"number","i64min":"number","l":["tuple",["string","string"]],"long":"number",'
  + '"n":"dynamic","neg":"number","s":"string","small":"number","u64max":"number"}]},"output":{"value":{"b":true,'
  + '"big":9007199254740993,"dec":0.1,"f":1.5,"i64max":9223372036854775807,"i64min":-9223372036854775808,"l":["a","b"],'
  + '"long":123456789012345678901234567890.5,"n":null,"neg":-5,"s":"hello","small":1,"u64max":18446744073709551615},'
  + '"type":["object",{"b":"bool","big":"number","dec":"number","f":"number","i64max":"number","i64min":"number",'
  + '"l":["tuple",["string","string"]],"long":"number","n":"dynamic","neg":"number","s":"string","small":"number",'
  + '"u64max":"number"}]},"triggers_replace":null}';

export const NUMBERS_STATE_VALUE: CtyValue = {
  id: 'd26db5e1-d753-e46e-201a-35787801cfd9',
  input: new Dynamic(NUMBERS_TYPE, NUMBERS_VALUE),
  output: new Dynamic(NUMBERS_TYPE, NUMBERS_VALUE),
  triggers_replace: null,
};

/**
 * resource "terraform_data" "y" {
 *   input = {
 *     m = tomap({ "z" = 1, "a" = 2, "10" = 3, "9" = 4 }), st = toset(["b", "a", "c"]),
 *     html = "<a&b>\u2028é\t\"q\"", tiny = 1e-7, huge = 1e21, half = 0.5, mhalf = -0.5,
 *     u8 = 200, u16 = 256, u32 = 65536, u64 = 4294967296,
 *     i8 = -33, i16 = -129, i32 = -32769, i64 = -2147483649,
 *     objs = [{ a = 1 }, { a = 2 }], lst = tolist(["x", "y"]), e = tolist([])
 *   }
 * }
 */
export const SHAPES_TYPE: CtyType = object({
  e: list(DYNAMIC),
  half: NUMBER,
  html: STRING,
  huge: NUMBER,
  i16: NUMBER,
  i32: NUMBER,
  i64: NUMBER,
  i8: NUMBER,
  lst: list(STRING),
  m: map(NUMBER),
  mhalf: NUMBER,
  objs: tuple([object({ a: NUMBER }), object({ a: NUMBER })]),
  st: set(STRING),
  tiny: NUMBER,
  u16: NUMBER,
  u32: NUMBER,
  u64: NUMBER,
  u8: NUMBER,
});

export const SHAPES_VALUE: CtyValue = {
  e: [],
  half: 0.5,
  html: '<a&b>\u2028é\t"q"',
  huge: 1000000000000000000000n,
  i16: -129,
  i32: -32769,
  i64: -2147483649,
  i8: -33,
  lst: ['x', 'y'],
  m: { 10: 3, 9: 4, a: 2, z: 1 },
  mhalf: -0.5,
  objs: [{ a: 1 }, { a: 2 }],
  st: ['a', 'b', 'c'],
  tiny: new Decimal('0.0000001'),
  u16: 256,
  u32: 65536,
  u64: 4294967296,
  u8: 200,
};

const SHAPES_TYPE_JSON_HEX =
  '5b226f626a656374222c7b2265223a5b226c697374222c2264796e616d6963225d2c2268616c66223a226e756d626572222c2268746d6c223a2273747269'
  + '6e67222c2268756765223a226e756d626572222c22693136223a226e756d626572222c22693332223a226e756d626572222c22693634223a226e756d62'
  + '6572222c226938223a226e756d626572222c226c7374223a5b226c697374222c22737472696e67225d2c226d223a5b226d6170222c226e756d626572225d'
  + '2c226d68616c66223a226e756d626572222c226f626a73223a5b227475706c65222c5b5b226f626a656374222c7b2261223a226e756d626572227d5d2c'
  + '5b226f626a656374222c7b2261223a226e756d626572227d5d5d5d2c227374223a5b22736574222c22737472696e67225d2c2274696e79223a226e756d'
  + '626572222c22753136223a226e756d626572222c22753332223a226e756d626572222c22753634223a226e756d626572222c227538223a226e756d6265'
  + '72227d5d';

/** The planned new state of terraform_data.y, as the plan file holds it. */
export const SHAPES_PLANNED_HEX =
  '84a26964c7030c8101c2a5696e70757492c50174' + SHAPES_TYPE_JSON_HEX
  + 'de0012a16590a468616c66cb3fe0000000000000a468746d6cae3c6126623ee280a8c3a909227122a468756765b63130303030303030303030303030'
  + '3030303030303030a3693136d1ff7fa3693332d2ffff7fffa3693634d3ffffffff7fffffffa26938d0dfa36c737492a178a179a16d84a2313003a139'
  + '04a16102a17a01a56d68616c66cbbfe0000000000000a46f626a739281a1610181a16102a2737493a161a162a163a474696e79a9302e303030303030'
  + '31a3753136cd0100a3753332ce00010000a3753634cf0000000100000000a27538ccc8'
  + 'a66f757470757492c50174' + SHAPES_TYPE_JSON_HEX + 'd40000'
  + 'b074726967676572735f7265706c616365c0';

export const SHAPES_PLANNED_VALUE: CtyValue = {
  id: NOT_NULL_UNKNOWN,
  input: new Dynamic(SHAPES_TYPE, SHAPES_VALUE),
  output: new Dynamic(SHAPES_TYPE, UNKNOWN),
  triggers_replace: null,
};

/** The `input` of terraform_data.y's state: cty/json escapes <, >, & and U+2028 as Go does. */
export const SHAPES_INPUT_JSON =
  '{"value":{"e":[],"half":0.5,"html":"\\u003ca\\u0026b\\u003e\\u2028é\\t\\"q\\"","huge":1000000000000000000000,"i16":-129,'
  + '"i32":-32769,"i64":-2147483649,"i8":-33,"lst":["x","y"],"m":{"10":3,"9":4,"a":2,"z":1},"mhalf":-0.5,'
  + '"objs":[{"a":1},{"a":2}],"st":["a","b","c"],"tiny":0.0000001,"u16":256,"u32":65536,"u64":4294967296,"u8":200},'
  + '"type":["object",{"e":["list","dynamic"],"half":"number","html":"string","huge":"number","i16":"number","i32":"number",'
  + '"i64":"number","i8":"number","lst":["list","string"],"m":["map","number"],"mhalf":"number",'
  + '"objs":["tuple",[["object",{"a":"number"}],["object",{"a":"number"}]]],"st":["set","string"],"tiny":"number",'
  + '"u16":"number","u32":"number","u64":"number","u8":"number"}]}';

/**
 * resource "terraform_data" "r" { input = "prefix-${terraform_data.a.id}" }: the planned input is
 * a string unknown refined as not null with prefix "prefix-".
 */
export const PREFIX_PLANNED_HEX =
  '84a26964c7030c8101c2a5696e70757492c40822737472696e6722c70c0c8201c202a77072656669782d'
  + 'a66f757470757492c40822737472696e6722d40000b074726967676572735f7265706c616365c0';

export const PREFIX_PLANNED_VALUE: CtyValue = {
  id: NOT_NULL_UNKNOWN,
  input: new Dynamic(STRING, new Unknown(fromHex('8201c202a77072656669782d'))),
  output: new Dynamic(STRING, UNKNOWN),
  triggers_replace: null,
};

/** The CtyValueError `run` throws; fails the test when it throws nothing or something else. */
export function errorOf(run: () => unknown): CtyValueError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CtyValueError);
    return error as CtyValueError;
  }
  throw new Error('expected an error');
}
