export * from './common/errors';
export * from './common/pagination';
export * from './fields/field';
export * from './subscribers/subscriber';
export * from './system/status';
