export * from './calendars';
export * from './connections';
export * from './infra';
export * from './people';
export * from './training';
export * from './accounts';
export * from './sources';
