export * from './client';
export * from './selector';
