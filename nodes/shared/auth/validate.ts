import { CredentialValidationError } from './errors';
import type { Partition } from '../transport/regions';

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
