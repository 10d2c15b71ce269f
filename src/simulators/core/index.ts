export * from './faults';
export * from './http';
export * from './router';
export * from './server';
export * from './store';
