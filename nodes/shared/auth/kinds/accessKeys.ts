import { accessKeys as reader, type AccessKeysAuth } from '../connection/accessKeys';
import type { CredentialKindDescriptor } from './types';

/** An IAM user's (or temporary) access keys, used as they are. */
export const accessKeys: CredentialKindDescriptor<AccessKeysAuth> = {
	...reader,
	credentialType: 'bedrockAccessKeysApi',
	signing: 'sigv4',
	testStep: 'STS GetCallerIdentity',
	provider(_connection, auth) {
		const identity = {
			accessKeyId: auth.accessKeyId,
			secretAccessKey: auth.secretAccessKey,
			sessionToken: auth.sessionToken,
		};
		return async () => identity;
	},
	secrets: (auth) => [auth.secretAccessKey, auth.sessionToken],
};
