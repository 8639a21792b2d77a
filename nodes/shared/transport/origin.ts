import type { AwsService } from './endpoints';

/**
 * Where an error came from, as data (smithy's ProviderError knows its origin the same way). The
 * advice table keys on these fields, never on the words of a message: a role may well be named
 * `RolesAnywhere-Bedrock`.
 */
export interface ErrorOrigin {
	/** The AWS service that was called, or was about to be. */
	service: AwsService;
	/** The API operation: `AssumeRole`, `CreateSession`, `Converse`… */
	operation: string;
}

export const ASSUME_ROLE: ErrorOrigin = { service: 'sts', operation: 'AssumeRole' };
export const CREATE_SESSION: ErrorOrigin = { service: 'rolesanywhere', operation: 'CreateSession' };
export const CONVERSE_STREAM: ErrorOrigin = {
	service: 'bedrock-runtime',
	operation: 'ConverseStream',
};
export const INVOKE_MODEL_STREAM: ErrorOrigin = {
	service: 'bedrock-runtime',
	operation: 'InvokeModelWithResponseStream',
};
export const INVOKE_AGENT: ErrorOrigin = {
	service: 'bedrock-agent-runtime',
	operation: 'InvokeAgent',
};
