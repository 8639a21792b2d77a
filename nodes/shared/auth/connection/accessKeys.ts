import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CredentialValidationError } from '../errors';
import { text } from './fields';
import type { CredentialKindReader, KindContext } from './types';

export interface AccessKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export type AccessKeysAuth = { kind: 'accessKeys' } & AccessKeys;

/** The display names of the key fields, which differ where the keys are a source for a role. */
export interface AccessKeyLabels {
	accessKeyId: string;
	secretAccessKey: string;
}

const OWN_KEYS: AccessKeyLabels = {
	accessKeyId: 'Access Key ID',
	secretAccessKey: 'Secret Access Key',
};

/**
 * Access Key ID, Secret Access Key and an optional session token, checked for shape; each field
 * in its own `check`, so a wrong ID and a missing secret are both reported.
 */
export function readAccessKeys(
	data: ICredentialDataDecryptedObject,
	check: KindContext['check'],
	labels: AccessKeyLabels = OWN_KEYS,
): AccessKeys {
	const accessKeyId = text(data.accessKeyId);
	const secretAccessKey = text(data.secretAccessKey);
	check(() => {
		if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
			throw new CredentialValidationError(
				labels.accessKeyId,
				accessKeyId
					? 'must be 16 to 128 capital letters and digits, like AKIAIOSFODNN7EXAMPLE'
					: 'is required',
				accessKeyId ? 'InvalidAccessKeyId' : 'MissingField',
			);
		}
	});
	check(() => {
		if (!secretAccessKey)
			throw new CredentialValidationError(labels.secretAccessKey, 'is required', 'MissingField');
	});
	return { accessKeyId, secretAccessKey, sessionToken: text(data.sessionToken) || undefined };
}

export const accessKeys: CredentialKindReader<AccessKeysAuth> = {
	read: (data, { check }) => ({ kind: 'accessKeys', ...readAccessKeys(data, check) }),
};
