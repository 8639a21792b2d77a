import { CredentialValidationError } from '../errors';
import {
	SESSION_DURATION,
	validateArn,
	validateDurationSeconds,
	validateExternalId,
	validateSessionName,
} from '../validate';
import { readAccessKeys, type AccessKeys } from './accessKeys';
import { text } from './fields';
import { readSessionAttributes, type SessionAttributes } from './sessionAttributes';
import type { CredentialKindReader } from './types';

/** Environment variable an n8n admin sets to let AssumeRole use the n8n host's own AWS identity. */
export const ALLOW_HOST_CREDENTIALS_ENV = 'N8N_BEDROCK_ALLOW_HOST_CREDENTIALS';
/** n8n's own switch for AWS system credentials; an admin who set it expects it to apply here. */
export const N8N_SYSTEM_CREDENTIALS_ENV = 'N8N_AWS_SYSTEM_CREDENTIALS_ACCESS_ENABLED';

/** Whether an n8n admin allowed the host identity, with our variable or n8n's. */
export function hostCredentialsAllowed(env: NodeJS.ProcessEnv): boolean {
	return env[ALLOW_HOST_CREDENTIALS_ENV] === 'true' || env[N8N_SYSTEM_CREDENTIALS_ENV] === 'true';
}

export interface AssumeRoleAuth {
	kind: 'assumeRole';
	roleArn: string;
	externalId?: string;
	roleSessionName: string;
	durationSeconds: number;
	source: ({ kind: 'accessKeys' } & AccessKeys) | { kind: 'hostChain' };
	/** CloudTrail's `sourceIdentity` and the session tags AssumeRole sends; absent: none. */
	session?: SessionAttributes;
}

/** The session name AssumeRole sends when the credential leaves Role Session Name empty. */
export const DEFAULT_ROLE_SESSION_NAME = 'n8n-nodes-bedrock-iam';

/** The source keys' fields as the Assume Role form names them. */
const SOURCE_KEYS = {
	accessKeyId: 'Source Access Key ID',
	secretAccessKey: 'Source Secret Access Key',
};

export const assumeRole: CredentialKindReader<AssumeRoleAuth> = {
	// Before anything else: no other field can make a refused source work.
	precheck(data, env) {
		if (text(data.sourceCredentials) === 'hostChain' && !hostCredentialsAllowed(env)) {
			throw new CredentialValidationError(
				'Source Credentials',
				`the n8n host identity is turned off on this n8n instance. Any n8n user could otherwise act as the n8n host; an n8n admin can allow it by setting ${ALLOW_HOST_CREDENTIALS_ENV}=true (or n8n's ${N8N_SYSTEM_CREDENTIALS_ENV}=true), or use Access Keys as the source`,
				'HostCredentialsNotAllowed',
			);
		}
	},
	read(data, { partition, env, check }) {
		assumeRole.precheck!(data, env);
		const sourceKind = text(data.sourceCredentials) || 'accessKeys';
		check(() => validateArn('Role ARN', text(data.roleArn), 'role', partition));
		const externalId = text(data.externalId);
		return {
			kind: 'assumeRole',
			roleArn: text(data.roleArn),
			externalId: externalId
				? check(() => validateExternalId('External ID', externalId))
				: undefined,
			roleSessionName:
				check(() =>
					validateSessionName(
						'Role Session Name',
						text(data.roleSessionName) || DEFAULT_ROLE_SESSION_NAME,
					),
				) ?? DEFAULT_ROLE_SESSION_NAME,
			durationSeconds:
				check(() => validateDurationSeconds('Session Duration (Seconds)', data.sessionDuration)) ??
				SESSION_DURATION.default,
			source:
				sourceKind === 'hostChain'
					? { kind: 'hostChain' }
					: { kind: 'accessKeys', ...readAccessKeys(data, check, SOURCE_KEYS) },
			session: check(() => readSessionAttributes(data)),
		};
	},
};
