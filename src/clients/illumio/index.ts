export * from './client';
export * from './create-once';
export * from './errors';
export * from './settings';
export * from './types';
export * from './shared-reader';
export * from './ip';
export * from './operations';
