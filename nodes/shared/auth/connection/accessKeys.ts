import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CredentialValidationError } from '../errors';
import { text } from './fields';
import type { CredentialKindReader } from './types';

export interface AccessKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export type AccessKeysAuth = { kind: 'accessKeys' } & AccessKeys;

/** Access Key ID, Secret Access Key and an optional session token, checked for shape. */
export function readAccessKeys(data: ICredentialDataDecryptedObject): AccessKeys {
	const accessKeyId = text(data.accessKeyId);
	const secretAccessKey = text(data.secretAccessKey);
	if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
		throw new CredentialValidationError(
			'Access Key ID',
			accessKeyId
				? 'must be 16 to 128 capital letters and digits, like AKIAIOSFODNN7EXAMPLE'
				: 'is required',
			accessKeyId ? 'InvalidAccessKeyId' : 'MissingField',
		);
	}
	if (!secretAccessKey)
		throw new CredentialValidationError('Secret Access Key', 'is required', 'MissingField');
	return { accessKeyId, secretAccessKey, sessionToken: text(data.sessionToken) || undefined };
}

export const accessKeys: CredentialKindReader<AccessKeysAuth> = {
	read: (data) => ({ kind: 'accessKeys', ...readAccessKeys(data) }),
};
