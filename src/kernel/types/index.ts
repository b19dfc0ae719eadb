export type * from './meta.ts';
export type * from './core.ts';
export type * from './config.ts';
export type * from './apps.ts';
export type * from './coordination.ts';
export type * from './batch.ts';
export type * from './networking.ts';
