export * from './budget';
export * from './errors';
export * from './http-client';
export * from './retry';
export * from './tls';
export * from './settings';
export * from './shared-reader';
export * from './write-once';
