export * from './faults';
export * from './http';
export * from './limits';
export * from './router';
export * from './server';
export * from './store';
export * from './vendor-simulator';
