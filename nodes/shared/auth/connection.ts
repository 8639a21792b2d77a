import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { validateArn } from './validate';
import { CredentialValidationError } from './errors';
import type { CertificateInput } from './x509';
import type { Endpoints } from '../transport/endpoints';
import { partitionOf, REGION_PATTERN, type Partition } from '../transport/regions';

/** The n8n credential type names this package defines, mapped to the kind of authentication. */
export const CREDENTIAL_TYPES = {
	bedrockAccessKeysApi: 'accessKeys',
	bedrockAssumeRoleApi: 'assumeRole',
	bedrockRolesAnywhereApi: 'rolesAnywhere',
} as const;

export type CredentialTypeName = keyof typeof CREDENTIAL_TYPES;
export type CredentialKind = (typeof CREDENTIAL_TYPES)[CredentialTypeName];

/** Environment variable an n8n admin sets to let AssumeRole use the n8n host's own AWS identity. */
export const ALLOW_HOST_CREDENTIALS_ENV = 'N8N_BEDROCK_ALLOW_HOST_CREDENTIALS';

export interface AccessKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export type AuthConfig =
	| ({ kind: 'accessKeys' } & AccessKeys)
	| {
			kind: 'assumeRole';
			roleArn: string;
			externalId?: string;
			roleSessionName: string;
			durationSeconds: number;
			source: ({ kind: 'accessKeys' } & AccessKeys) | { kind: 'hostChain' };
	  }
	| {
			kind: 'rolesAnywhere';
			trustAnchorArn: string;
			profileArn: string;
			roleArn: string;
			roleSessionName?: string;
			durationSeconds: number;
			certificate: CertificateInput;
	  };

/** A credential's data, validated and normalised; everything a client or provider needs. */
export interface ConnectionConfig {
	/** SHA-256 of the canonical credential data, secrets included: the cache key, never a secret. */
	cacheKey: string;
	bedrockRegion: string;
	/** STS or Roles Anywhere region; the Bedrock region when the credential says "same". */
	authRegion: string;
	partition: Partition;
	useFips: boolean;
	/** Milliseconds; undefined waits forever. */
	connectionTimeoutMs?: number;
	readTimeoutMs?: number;
	endpoints: Endpoints;
	auth: AuthConfig;
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/**
 * Validates credential data and turns it into a ConnectionConfig, before any network call.
 * Every error names the field at fault and what to change.
 */
export function toConnectionConfig(
	type: CredentialTypeName,
	data: ICredentialDataDecryptedObject,
	env: NodeJS.ProcessEnv = process.env,
): ConnectionConfig {
	const kind = CREDENTIAL_TYPES[type];
	if (!kind) throw new CredentialValidationError('Credential', `unknown credential type "${type}"`);
	const bedrockRegion = region(
		'Bedrock',
		text(data.customRegion) || text(data.region) || 'us-east-1',
	);
	const authSetting = text(data.authRegion);
	const authRegion = region(
		'Auth',
		text(data.authCustomRegion) ||
			(authSetting && authSetting !== 'auto' ? authSetting : bedrockRegion),
	);
	const partition = partitionOf(bedrockRegion);
	if (partitionOf(authRegion) !== partition) {
		throw new CredentialValidationError(
			'Auth Region',
			`${authRegion} is in partition ${partitionOf(authRegion)} but Bedrock Region ${bedrockRegion} is in ${partition}; both must be in the same partition`,
			'PartitionMismatch',
		);
	}
	return {
		cacheKey: cacheKeyOf(type, data),
		bedrockRegion,
		authRegion,
		partition,
		useFips: data.useFips === true,
		connectionTimeoutMs: timeout('Connection Timeout', data.connectionTimeout, 10000),
		readTimeoutMs: timeout('Read Timeout', data.readTimeout, 300000),
		endpoints: data.customEndpoints === true ? endpoints(data) : {},
		auth: authConfig(kind, data, authRegion, partition, env),
	};
}

function authConfig(
	kind: CredentialKind,
	data: ICredentialDataDecryptedObject,
	authRegion: string,
	partition: Partition,
	env: NodeJS.ProcessEnv,
): AuthConfig {
	switch (kind) {
		case 'accessKeys':
			return { kind, ...accessKeys(data) };
		case 'assumeRole': {
			const sourceKind = text(data.sourceCredentials) || 'accessKeys';
			if (sourceKind === 'hostChain' && env[ALLOW_HOST_CREDENTIALS_ENV] !== 'true') {
				throw new CredentialValidationError(
					'Source Credentials',
					`the n8n host identity is turned off on this n8n instance. Any n8n user could otherwise act as the n8n host; an n8n admin can allow it by setting ${ALLOW_HOST_CREDENTIALS_ENV}=true, or use Access Keys as the source`,
					'HostCredentialsNotAllowed',
				);
			}
			validateArn('Role ARN', text(data.roleArn), 'role', partition);
			return {
				kind,
				roleArn: text(data.roleArn),
				externalId: externalId(text(data.externalId)),
				roleSessionName: sessionName(text(data.roleSessionName) || 'n8n-nodes-bedrock-iam'),
				durationSeconds: duration(data.sessionDuration),
				source:
					sourceKind === 'hostChain'
						? { kind: 'hostChain' }
						: { kind: 'accessKeys', ...accessKeys(data) },
			};
		}
		case 'rolesAnywhere': {
			const trustAnchor = validateArn(
				'Trust Anchor ARN',
				text(data.trustAnchorArn),
				'trustAnchor',
				partition,
			);
			const profile = validateArn('Profile ARN', text(data.profileArn), 'profile', partition);
			validateArn('Role ARN', text(data.roleArn), 'role', partition);
			for (const [field, arn] of [
				['Trust Anchor ARN', trustAnchor],
				['Profile ARN', profile],
			] as const) {
				if (arn.region !== authRegion) {
					throw new CredentialValidationError(
						field,
						`is in ${arn.region}, but Auth Region is ${authRegion}; CreateSession must be called in the region of the trust anchor and profile: set Auth Region to ${arn.region}`,
						'RegionMismatch',
					);
				}
			}
			const name = text(data.roleSessionName);
			const pkcs12 = text(data.keyFormat) === 'pkcs12';
			return {
				kind,
				trustAnchorArn: text(data.trustAnchorArn),
				profileArn: text(data.profileArn),
				roleArn: text(data.roleArn),
				roleSessionName: name ? sessionName(name) : undefined,
				durationSeconds: duration(data.sessionDuration),
				certificate: pkcs12
					? { pkcs12Base64: text(data.pkcs12Bundle), pkcs12Password: rawText(data.pkcs12Password) }
					: {
							certificatePem: text(data.publicCertificate),
							privateKeyPem: text(data.privateKey),
							passphrase: rawText(data.passphrase),
							chainPem: text(data.publicCertificateChain) || undefined,
						},
			};
		}
	}
}

function accessKeys(data: ICredentialDataDecryptedObject): AccessKeys {
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

function externalId(value: string): string | undefined {
	if (!value) return undefined;
	if (!EXTERNAL_ID.test(value)) {
		throw new CredentialValidationError(
			'External ID',
			'must be 2 to 1224 characters of letters, digits and +=,.@:/- (no spaces), exactly as in the sts:ExternalId condition of the role',
			'InvalidExternalId',
		);
	}
	return value;
}

function region(label: 'Bedrock' | 'Auth', value: string): string {
	if (!REGION_PATTERN.test(value)) {
		throw new CredentialValidationError(
			`${label} Custom Region`,
			`"${value}" is not a region code; expected lowercase words and a number joined by dashes, like eu-west-1`,
			'InvalidRegion',
		);
	}
	return value;
}

function sessionName(value: string): string {
	if (!SESSION_NAME.test(value)) {
		throw new CredentialValidationError(
			'Role Session Name',
			`"${value}" must be 2 to 64 characters of letters, digits and +=,.@- (no spaces)`,
			'InvalidRoleSessionName',
		);
	}
	return value;
}

function duration(value: unknown): number {
	const seconds = value === undefined || value === '' ? 3600 : Number(shown(value));
	if (!Number.isInteger(seconds) || seconds < 900 || seconds > 43200) {
		throw new CredentialValidationError(
			'Session Duration (Seconds)',
			`${shown(value)} is out of range; AWS accepts whole seconds from 900 (15 minutes) to 43200 (12 hours)`,
			'InvalidDuration',
		);
	}
	return seconds;
}

function timeout(field: string, value: unknown, fallback: number): number | undefined {
	const ms = value === undefined || value === '' ? fallback : Number(shown(value));
	if (ms === 0 || ms === -1) return undefined;
	if (!Number.isInteger(ms) || ms < 0) {
		throw new CredentialValidationError(
			field,
			`${shown(value)} must be a whole number of milliseconds; 0 or -1 for none`,
			'InvalidTimeout',
		);
	}
	return ms;
}

const ENDPOINT_FIELDS: Array<[keyof Endpoints, string, string]> = [
	['sts', 'stsEndpoint', 'STS Endpoint'],
	['rolesAnywhere', 'rolesAnywhereEndpoint', 'Roles Anywhere Endpoint'],
	['bedrock', 'bedrockEndpoint', 'Bedrock Endpoint'],
	['bedrockRuntime', 'bedrockRuntimeEndpoint', 'Bedrock Runtime Endpoint'],
	['bedrockAgent', 'bedrockAgentEndpoint', 'Bedrock Agent Endpoint'],
	['bedrockAgentRuntime', 'bedrockAgentRuntimeEndpoint', 'Bedrock Agent Runtime Endpoint'],
];

function endpoints(data: ICredentialDataDecryptedObject): Endpoints {
	const result: Endpoints = {};
	for (const [key, name, field] of ENDPOINT_FIELDS) {
		const value = text(data[name]);
		if (!value) continue;
		if (!URL.canParse(value)) {
			throw new CredentialValidationError(
				field,
				`"${value}" is not a URL; expected https://host[:port]`,
				'InvalidEndpoint',
			);
		}
		const url = new URL(value);
		if (url.protocol !== 'https:' && url.protocol !== 'http:') {
			throw new CredentialValidationError(
				field,
				`must start with https:// (or http:// for a local emulator)`,
				'InvalidEndpoint',
			);
		}
		if (url.username || url.password) {
			throw new CredentialValidationError(
				field,
				'must not contain a user name or password',
				'InvalidEndpoint',
			);
		}
		result[key] = value.replace(/\/+$/, '');
	}
	return result;
}

/** SHA-256 over every field of the credential, in a fixed key order, with its type. */
export function cacheKeyOf(type: string, data: ICredentialDataDecryptedObject): string {
	const canonical = JSON.stringify([
		type,
		Object.keys(data)
			.sort()
			.map((key) => [key, data[key]]),
	]);
	return createHash('sha256').update(canonical).digest('hex');
}

function text(value: unknown): string {
	return typeof value === 'string'
		? value.trim()
		: value === undefined || value === null
			? ''
			: shown(value).trim();
}

/**
 * A field value as text. An object (never valid in these fields, but an expression can produce
 * one) becomes "[object Object]", which the field's own check then refuses by name; String()
 * would throw on one without a prototype.
 */
function shown(value: unknown): string {
	return typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol'
		? Object.prototype.toString.call(value)
		: String(value);
}

/** Secrets keep inner whitespace (a passphrase may end in a space); only absence is normalised. */
function rawText(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}
