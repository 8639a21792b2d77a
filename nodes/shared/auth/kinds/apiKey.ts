import { fromApiKey } from '../apiKey';
import { apiKey as reader, type ApiKeyAuth } from '../connection/apiKey';
import type { CredentialKindDescriptor } from './types';

function timeLeft(until: Date): string {
	const minutes = Math.max(0, Math.floor((until.getTime() - Date.now()) / 60_000));
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** An Amazon Bedrock API key, sent as a bearer token to Bedrock and Bedrock Runtime only. */
export const apiKey: CredentialKindDescriptor<ApiKeyAuth> = {
	...reader,
	credentialType: 'bedrockApiKeyApi',
	signing: 'bearer',
	testStep: 'Amazon Bedrock API key',
	describe: ({ info }) =>
		info.type === 'longTerm'
			? `Long-term Amazon Bedrock API key ${info.keyId} of account ${info.accountId}`
			: `Short-term Amazon Bedrock API key for ${info.region}, valid until ${info.expiresAt.toISOString()} (${timeLeft(info.expiresAt)} left)`,
	provider: (_connection, auth, { now }) =>
		fromApiKey({
			apiKey: auth.apiKey,
			expiresAt: auth.info.type === 'shortTerm' ? auth.info.expiresAt : undefined,
			now,
		}),
	secrets: (auth) => [auth.apiKey],
};
