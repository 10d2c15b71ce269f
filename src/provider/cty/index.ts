/** The cty value codec and helpers: one import for the provider core. */
export * from './compare';
export * from './errors';
export * from './json';
export * from './msgpack';
export * from './number';
export * from './refinements';
export * from './type-json';
export * from './types';
export * from './values';
