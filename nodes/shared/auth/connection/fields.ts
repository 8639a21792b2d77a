import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Endpoints } from '../../transport/endpoints';
import { CredentialValidationError } from '../errors';
import { isAwsEndpointHost } from '../../transport/awsHosts';
import { HostnameMatcher } from '../../transport/egress';
import { isLoopbackHost, shown, validateEndpointUrl } from '../validate';

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

/**
 * Environment variable an n8n admin sets to let API keys go to more hosts than AWS's Bedrock
 * endpoints (a gateway of their own): host names, comma-separated, `*.example.com` for every
 * name below example.com.
 */
export const ALLOWED_ENDPOINT_HOSTS_ENV = 'N8N_BEDROCK_ALLOWED_ENDPOINT_HOSTS';

/** Each endpoint override's field: its name in the credential data and as the form shows it. */
const ENDPOINT_FIELDS: Array<[keyof Endpoints, string, string]> = [
	['sts', 'stsEndpoint', 'STS Endpoint'],
	['rolesAnywhere', 'rolesAnywhereEndpoint', 'Roles Anywhere Endpoint'],
	['bedrock', 'bedrockEndpoint', 'Bedrock Endpoint'],
	['bedrockRuntime', 'bedrockRuntimeEndpoint', 'Bedrock Runtime Endpoint'],
	['bedrockAgent', 'bedrockAgentEndpoint', 'Bedrock Agent Endpoint'],
	['bedrockAgentRuntime', 'bedrockAgentRuntimeEndpoint', 'Bedrock Agent Runtime Endpoint'],
];

/** How errors name an endpoint: the override's field, or the public endpoint. */
export function endpointName(connection: { endpoints: Endpoints }, key: keyof Endpoints): string {
	if (!connection.endpoints[key]) return 'The AWS endpoint';
	return ENDPOINT_FIELDS.find(([k]) => k === key)?.[2] ?? 'The endpoint override';
}

/** Who the endpoints serve, for the rules that depend on what the credential sends. */
export interface EndpointRules {
	/** An API key (a bearer secret) goes to Bedrock and Bedrock Runtime. */
	apiKey: boolean;
	/** The n8n host's own identity calls AssumeRole at the STS endpoint. */
	hostIdentity: boolean;
	/** The n8n process environment (the admin's list of more hosts for API keys). */
	env: NodeJS.ProcessEnv;
}

/**
 * The endpoint overrides, each checked before any call: an http(s) URL without user name or
 * password; `https://` off loopback and never a link-local or metadata address; for an API key,
 * only AWS Bedrock host names (or hosts an n8n admin listed); with n8n Host Identity, STS only
 * at AWS STS host names. Loopback always passes: the local emulator.
 */
export function endpoints(data: ICredentialDataDecryptedObject, rules: EndpointRules): Endpoints {
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
		validateEndpointUrl(field, url);
		checkSecretDestination(key, field, url.hostname, rules);
		result[key] = value.replace(/\/+$/, '');
	}
	return result;
}

/** The endpoints that receive a secret an attacker could use as is, and where it may go. */
function checkSecretDestination(
	key: keyof Endpoints,
	field: string,
	hostname: string,
	rules: EndpointRules,
): void {
	if (isLoopbackHost(hostname)) return;
	if (rules.apiKey && (key === 'bedrock' || key === 'bedrockRuntime')) {
		const service = key === 'bedrock' ? 'bedrock' : 'bedrock-runtime';
		const allowed = new HostnameMatcher((rules.env[ALLOWED_ENDPOINT_HOSTS_ENV] ?? '').split(','));
		if (!isAwsEndpointHost(hostname, service) && !allowed.matches(hostname)) {
			throw new CredentialValidationError(
				field,
				`sends the API key, a bearer secret anyone who receives it can use, only to an AWS Bedrock host name (${service}.<region>.amazonaws.com, ${service}-fips.…, or a VPC endpoint vpce-….${service}.<region>.vpce.amazonaws.com) or loopback; an n8n admin can allow more hosts with ${ALLOWED_ENDPOINT_HOSTS_ENV}`,
				'EndpointNotAllowed',
			);
		}
	}
	if (rules.hostIdentity && key === 'sts' && !isAwsEndpointHost(hostname, 'sts')) {
		throw new CredentialValidationError(
			field,
			"with n8n Host Identity as the source, the n8n host's own credentials sign AssumeRole (its session token included), so STS is called only at an AWS STS host name (sts.amazonaws.com, sts.<region>.amazonaws.com, sts-fips.…, or a VPC endpoint vpce-….sts.<region>.vpce.amazonaws.com) or loopback",
			'EndpointNotAllowed',
		);
	}
}
