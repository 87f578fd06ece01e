// The whole model, one module per area; drizzle-kit and the app import it from here.
export * from './schema/columns';
export * from './schema/people';
export * from './schema/tasks';
export * from './schema/system';
export * from './schema/secrets';
export * from './schema/notifications';
