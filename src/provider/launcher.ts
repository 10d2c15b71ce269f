/**
 * The provider executable (scripts/bundle.mjs embeds the bundled provider as PROVIDER_CODE).
 *
 * Terraform starts the provider three or four times per command, and compiling a megabyte of
 * JavaScript is a fair part of each start. So the launcher compiles the provider with V8's code
 * cache, kept per user in `$XDG_CACHE_HOME/secops` (else `~/.cache/secops`): the first start
 * writes it on exit, later starts skip the compilation. A cache holds the functions its writer ran,
 * and the first start of every Terraform command only answers the schema, without loading the
 * provider's vendors (main.ts); so its cache is kept apart, as the start cache, and the first start
 * that loads them writes the full cache, read in preference ever after. A cache is code: each file
 * carries hashes of the bundle and of itself, checked before V8 gets it, and lives only in a
 * directory closed to others (code-cache.ts); a damaged one, or one V8 rejects (another version or
 * flags), is written again. `SECOPS_CODE_CACHE=off` turns the cache off.
 */
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CodeCacheFiles, codeCacheFiles, encodeCodeCache, readCodeCache, writeCodeCache } from './code-cache';

declare const PROVIDER_CODE: string;
/** PROVIDER_CODE's SHA-256 in hex, computed at bundle time (hashing a megabyte on every start would cost). */
declare const PROVIDER_CODE_HASH: string;

/** Below this, a WebAssembly module's optimising recompile is too short to matter. */
const LARGE_WASM_BYTES = 16 * 1024;
const wasmTiering = keepLargeWasmOnBaselineTier();

/** What main.ts exports for the launcher. */
interface ProviderExports {
  /** True once this process has loaded the provider's vendors. */
  readonly hasLoadedProvider?: () => boolean;
}

const cacheFiles = codeCacheFiles(process.env, PROVIDER_CODE_HASH);
const full = cacheFiles && readCodeCache(cacheFiles.full, PROVIDER_CODE_HASH);
const cachedData = full ?? (cacheFiles && readCodeCache(cacheFiles.start, PROVIDER_CODE_HASH));
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${PROVIDER_CODE}\n})`, {
  filename: __filename,
  cachedData,
});
const providerModule: { exports: ProviderExports } = { exports: {} };
if (cacheFiles) process.once('exit', () => updateCodeCache(cacheFiles, full !== undefined));
script.runInThisContext()(providerModule.exports, require, providerModule, __filename, __dirname);

/**
 * On exit the cache holds every function compiled while serving. Written when there was none (or a
 * damaged one) or V8 rejected it, or when this start loaded the provider and there was only the start cache.
 * V8 accepts a cache only under the flags it was made with: none is written once the WebAssembly
 * flag below is set.
 */
function updateCodeCache(files: CodeCacheFiles, fullWasRead: boolean): void {
  if (wasmTiering.flagSet) return;
  const loaded = providerModule.exports.hasLoadedProvider?.() === true;
  const accepted = script.cachedDataRejected === false;
  if (accepted && (fullWasRead || !loaded)) return;
  writeCodeCache(files, loaded ? files.full : files.start, () => encodeCodeCache(script.createCachedData(), PROVIDER_CODE_HASH));
}

/**
 * undici parses HTTP with llhttp compiled to WebAssembly (some 54 kB). V8 recompiles that module
 * with its optimising tier in the background, and a process cannot exit before that finishes:
 * about 100 ms on the last provider start of every plan. The baseline tier parses fast enough here,
 * so `--liftoff-only` is set, but only just before such a module is compiled: any change of V8's
 * flags also voids the code cache Node keeps for its own modules, which then compile from source
 * as they load (http2, tls: some 17 ms a start), and most provider processes never make an HTTP
 * request. Small modules (the 64-bit arithmetic of protobufjs's `long`, compiled at load) are left
 * alone. undici compiles with `new WebAssembly.Module`; the constructor is put back once the flag is set.
 */
function keepLargeWasmOnBaselineTier(): { readonly flagSet: boolean } {
  const state = { flagSet: false };
  // The compiler's lib has no WebAssembly types (no DOM lib): the one constructor used here.
  const wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly;
  const WasmModule = wasm.Module;
  function compileLargeOnBaselineTier(bytes: Uint8Array): object {
    if (!state.flagSet && (bytes?.byteLength ?? 0) >= LARGE_WASM_BYTES) {
      setFlagsFromString('--liftoff-only');
      state.flagSet = true;
      wasm.Module = WasmModule;
    }
    return new WasmModule(bytes);
  }
  compileLargeOnBaselineTier.prototype = WasmModule.prototype; // instanceof WebAssembly.Module holds
  Object.setPrototypeOf(compileLargeOnBaselineTier, WasmModule); // so do Module.exports() and the like
  wasm.Module = compileLargeOnBaselineTier as unknown as typeof WasmModule;
  return state;
}
