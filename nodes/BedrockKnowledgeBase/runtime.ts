/**
 * What the operations need at run time, loaded by them on first use (the AWS SDK, the credential
 * resolver, the HTTP stack), so loading the node's description stays cheap.
 */
export { getClient } from '../shared/clients';
export { toNodeError } from '../shared/errors';
export { bedrockAgentRuntimeSdk } from '../shared/transport/sdk';
export { processItems } from '../shared/items/itemLoop';
export { modelOutput } from '../shared/modelOutput';
export { getConnection } from '../shared/parameters/connection';
export { resolveModelArn } from './modelArn';
