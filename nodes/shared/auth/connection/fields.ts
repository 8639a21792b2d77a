import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { stripTrailing } from '../../transport/boundedText';
import type { Endpoints } from '../../transport/endpoints';
import { CredentialValidationError } from '../errors';
import { shown, validateCredentialEndpoint } from '../validate';

/** A field as trimmed text; absent or null is empty. */
export function text(value: unknown): string {
	return typeof value === 'string'
		? value.trim()
		: value === undefined || value === null
			? ''
			: shown(value).trim();
}

/** Secrets keep inner whitespace (a passphrase may end in a space); only absence is normalised. */
export function rawText(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function timeout(field: string, value: unknown, fallback: number): number | undefined {
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

export function endpoints(data: ICredentialDataDecryptedObject): Endpoints {
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
		if (key === 'sts' || key === 'rolesAnywhere') validateCredentialEndpoint(field, url);
		result[key] = stripTrailing(value, '/');
	}
	return result;
}
