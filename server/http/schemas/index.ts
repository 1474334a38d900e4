/** Every schema and type of the HTTP API, for the routes and for the web UI's client. */
export * from './action-item-links.ts';
export * from './action-items.ts';
export * from './common.ts';
export * from './deployments.ts';
export * from './facets.ts';
export * from './health.ts';
export * from './incidents.ts';
export * from './ingest.ts';
export * from './safeguards.ts';
export * from './settings.ts';
export * from './stats.ts';
