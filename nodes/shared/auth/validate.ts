/**
 * The checks of credential values that both the credential reader (`connection/`) and the
 * providers run before any network call: ARNs, role session names, session durations, External
 * IDs and region codes. Each throws a CredentialValidationError naming the field.
 */
import { alwaysRefused, bareHost, isLoopbackAddress } from '../transport/egress';
import { REGION_PATTERN, type Partition } from '../transport/regions';
import { CredentialValidationError } from './errors';

export interface ParsedArn {
	partition: Partition;
	service: string;
	region: string;
	accountId: string;
	resource: string;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/;

export function parseArn(value: string): ParsedArn | undefined {
	const match = ARN.exec(value);
	if (!match) return undefined;
	const [, partition, service, region, accountId, resource] = match;
	return { partition: partition as Partition, service, region, accountId, resource };
}

/** What each credential ARN field must look like: service, resource shape and an example. */
const ARN_KINDS = {
	role: {
		service: 'iam',
		resource: /^role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
		regional: false,
		example: 'arn:aws:iam::123456789012:role/BedrockInvoker',
	},
	trustAnchor: {
		service: 'rolesanywhere',
		resource: /^trust-anchor\/[0-9a-f-]{36}$/,
		regional: true,
		example:
			'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0a1b2c3d-0000-4000-8000-000000000000',
	},
	profile: {
		service: 'rolesanywhere',
		resource: /^profile\/[0-9a-f-]{36}$/,
		regional: true,
		example:
			'arn:aws:rolesanywhere:us-east-1:123456789012:profile/0a1b2c3d-0000-4000-8000-000000000000',
	},
} as const;

export type ArnKind = keyof typeof ARN_KINDS;

/**
 * Checks an ARN field before any call: shape, service, resource type and that its partition is
 * the one the credential's regions are in.
 */
export function validateArn(
	field: string,
	value: string,
	kind: ArnKind,
	partition: Partition,
): ParsedArn {
	const spec = ARN_KINDS[kind];
	const expected = `expected an ARN like ${spec.example}`;
	if (!value)
		throw new CredentialValidationError(field, `is required; ${expected}`, 'MissingField');
	const arn = parseArn(value);
	if (!arn)
		throw new CredentialValidationError(
			field,
			`"${value}" is not an ARN; ${expected}`,
			'InvalidArn',
		);
	if (arn.service !== spec.service || !spec.resource.test(arn.resource)) {
		throw new CredentialValidationError(
			field,
			`"${value}" is not ${kindLabel(kind)} ARN; ${expected}`,
			'InvalidArn',
		);
	}
	if (!arn.accountId || (spec.regional && !arn.region)) {
		throw new CredentialValidationError(
			field,
			`"${value}" lacks its ${arn.accountId ? 'region' : 'account ID'}; ${expected}`,
			'InvalidArn',
		);
	}
	if (arn.partition !== partition) {
		throw new CredentialValidationError(
			field,
			`is in partition ${arn.partition}, but the region belongs to ${partition}; use an ARN of the same partition (arn:${partition}:…) or another region`,
			'PartitionMismatch',
		);
	}
	return arn;
}

function kindLabel(kind: ArnKind): string {
	return {
		role: 'an IAM role',
		trustAnchor: 'a Roles Anywhere trust anchor',
		profile: 'a Roles Anywhere profile',
	}[kind];
}

/** Role session names as STS and Roles Anywhere accept them. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** Session durations AWS accepts, in seconds; the default when the field is empty. */
export const SESSION_DURATION = { min: 900, max: 43200, default: 3600 } as const;

export function validateSessionName(field: string, value: string): string {
	if (!SESSION_NAME.test(value)) {
		throw new CredentialValidationError(
			field,
			`"${value}" must be 2 to 64 characters of letters, digits and +=,.@- (no spaces)`,
			'InvalidRoleSessionName',
		);
	}
	return value;
}

/** A duration field (a number, or text from an expression); empty is the default hour. */
export function validateDurationSeconds(field: string, value: unknown): number {
	const seconds =
		value === undefined || value === '' ? SESSION_DURATION.default : Number(shown(value));
	if (
		!Number.isInteger(seconds) ||
		seconds < SESSION_DURATION.min ||
		seconds > SESSION_DURATION.max
	) {
		throw new CredentialValidationError(
			field,
			`must be a whole number of seconds from 900 (15 minutes) to 43200 (12 hours); ${shown(value)} is out of range`,
			'InvalidDuration',
		);
	}
	return seconds;
}

export function validateExternalId(field: string, value: string): string {
	if (!EXTERNAL_ID.test(value)) {
		throw new CredentialValidationError(
			field,
			'must be 2 to 1224 characters of letters, digits and +=,.@:/- (no spaces), exactly as in the sts:ExternalId condition of the role',
			'InvalidExternalId',
		);
	}
	return value;
}

export function validateRegion(field: string, value: string): string {
	if (!REGION_PATTERN.test(value)) {
		throw new CredentialValidationError(
			field,
			`"${value}" is not a region code; expected lowercase words and a number joined by dashes, like eu-west-1`,
			'InvalidRegion',
		);
	}
	return value;
}

/**
 * A field value as text. An object (never valid in these fields, but an expression can produce
 * one) becomes "[object Object]", which the field's own check then refuses by name; String()
 * would throw on one without a prototype.
 */
export function shown(value: unknown): string {
	return typeof value === 'object' || typeof value === 'function' || typeof value === 'symbol'
		? Object.prototype.toString.call(value)
		: String(value);
}

/** Whether a URL's host is this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(hostname: string): boolean {
	const host = bareHost(hostname).toLowerCase();
	return host === 'localhost' || isLoopbackAddress(host);
}

/**
 * Every endpoint override takes `https://`, or `http://` on loopback only (a local emulator):
 * anywhere else the signed request, the API key or the credentials in the answer would cross the
 * network in cleartext. And none may name a link-local or instance metadata address.
 */
export function validateEndpointUrl(field: string, url: URL): void {
	const refused = alwaysRefused(url.hostname);
	if (refused) {
		throw new CredentialValidationError(
			field,
			`points at ${bareHost(url.hostname)}, ${refused}`,
			'ForbiddenEndpoint',
		);
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw new CredentialValidationError(
			field,
			`must start with https://: plain http:// would send requests, their signature or API key and the answers in cleartext, so it is accepted only on loopback (127.0.0.1, ::1, localhost) for a local emulator`,
			'InsecureEndpoint',
		);
	}
}
