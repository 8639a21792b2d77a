/**
 * AWS STS (query protocol, version 2011-06-15): AssumeRole and GetCallerIdentity.
 * Reference: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
import type { HandlerContext } from './context';
import { ApiError, stsResult, type Reply } from './protocol';
import type { CallerIdentity } from './state';
import type { EmulatorRole } from './options';
import { readSessionAttributes } from './stsSessionAttributes';

const SESSION_NAME = /^[\w+=,.@-]*$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]*$/;
/** Longest session a role session may get when it assumes another role (role chaining). */
const CHAINED_MAX_SECONDS = 3600;

/** STS expiration format: ISO 8601 without milliseconds. */
const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Collects constraint violations and throws them as one ValidationError, as STS words it. */
class Violations {
	private readonly list: string[] = [];

	add(value: string | undefined, field: string, constraint: string): void {
		const shown = value === undefined ? 'null' : `'${value}'`;
		this.list.push(`Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
	}

	throwIfAny(): void {
		if (this.list.length === 0) return;
		const n = this.list.length;
		throw new ApiError(
			400,
			'ValidationError',
			`${n} validation error${n > 1 ? 's' : ''} detected: ${this.list.join('; ')}`,
		);
	}
}

/** Routes an STS action to its handler. */
export function handleSts(ctx: HandlerContext): Reply {
	const form = ctx.body as Record<string, string>;
	const action = form.Action;
	if (!action) throw new ApiError(400, 'MissingAction', 'Missing Action');
	if (form.Version !== undefined && form.Version !== '2011-06-15') {
		throw new ApiError(
			400,
			'InvalidAction',
			`Could not find operation ${action} for version ${form.Version}`,
		);
	}
	switch (action) {
		case 'AssumeRole':
			return assumeRole(ctx, form);
		case 'GetCallerIdentity':
			return getCallerIdentity(ctx);
		default:
			throw new ApiError(
				400,
				'InvalidAction',
				`Could not find operation ${action} for version 2011-06-15`,
			);
	}
}

function getCallerIdentity(ctx: HandlerContext): Reply {
	const caller = ctx.caller!;
	return stsResult(
		'GetCallerIdentity',
		{ Arn: caller.arn, UserId: caller.userId, Account: caller.account },
		ctx.requestId,
	);
}

/** Whether a role's trust policy lets the caller assume it. */
function trusts(role: EmulatorRole, caller: CallerIdentity): boolean {
	const trusted = role.trustedPrincipals;
	if (trusted === '*') return true;
	if (!trusted) return false;
	return trusted.some(
		(p) =>
			p === caller.arn ||
			(caller.roleArn !== undefined && p === caller.roleArn) ||
			p === `arn:aws:iam::${caller.account}:root`,
	);
}

function assumeRole(ctx: HandlerContext, form: Record<string, string>): Reply {
	const caller = ctx.caller!;
	const { RoleArn: roleArn, RoleSessionName: sessionName, ExternalId: externalId } = form;
	const durationText = form.DurationSeconds;

	const v = new Violations();
	if (roleArn === undefined) v.add(undefined, 'roleArn', 'Member must not be null');
	else if (roleArn.length < 20) {
		v.add(roleArn, 'roleArn', 'Member must have length greater than or equal to 20');
	}
	if (sessionName === undefined) v.add(undefined, 'roleSessionName', 'Member must not be null');
	else {
		if (sessionName.length < 2) {
			v.add(sessionName, 'roleSessionName', 'Member must have length greater than or equal to 2');
		}
		if (sessionName.length > 64) {
			v.add(sessionName, 'roleSessionName', 'Member must have length less than or equal to 64');
		}
		if (!SESSION_NAME.test(sessionName)) {
			v.add(
				sessionName,
				'roleSessionName',
				'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
			);
		}
	}
	let duration: number | undefined;
	if (durationText !== undefined) {
		duration = /^-?\d+$/.test(durationText) ? Number(durationText) : NaN;
		if (Number.isNaN(duration)) v.add(durationText, 'durationSeconds', 'Member must be a number');
		else if (duration < 900) {
			v.add(durationText, 'durationSeconds', 'Member must have value greater than or equal to 900');
		} else if (duration > 43200) {
			v.add(durationText, 'durationSeconds', 'Member must have value less than or equal to 43200');
		}
	}
	if (externalId !== undefined) {
		if (externalId.length < 2) {
			v.add(externalId, 'externalId', 'Member must have length greater than or equal to 2');
		}
		if (externalId.length > 1224) {
			v.add(externalId, 'externalId', 'Member must have length less than or equal to 1224');
		}
		if (!EXTERNAL_ID.test(externalId)) {
			v.add(
				externalId,
				'externalId',
				'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*',
			);
		}
	}
	const attributes = readSessionAttributes(
		form,
		(value, field, constraint) => v.add(value, field, constraint),
		(message) => {
			throw new ApiError(400, 'ValidationError', message);
		},
	);
	v.throwIfAny();

	const denied = (reason: string) =>
		new ApiError(
			403,
			'AccessDenied',
			`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
			reason,
		);
	const role = ctx.state.findRole(roleArn);
	if (!role) throw denied('no such role');
	if (!trusts(role, caller)) throw denied('the role does not trust the caller');
	if (role.externalId !== undefined && role.externalId !== externalId) {
		throw denied(externalId === undefined ? 'External ID missing' : 'External ID does not match');
	}

	const chained = caller.kind === 'session';
	const maxDuration = role.maxSessionDuration ?? 3600;
	const requested = duration ?? 3600;
	if (chained && requested > CHAINED_MAX_SECONDS) {
		throw new ApiError(
			400,
			'ValidationError',
			'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
		);
	}
	if (requested > maxDuration) {
		throw new ApiError(
			400,
			'ValidationError',
			'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
		);
	}

	const session = ctx.state.issueSession({
		source: 'AssumeRole',
		role,
		roleSessionName: sessionName,
		durationSeconds: requested,
		issuedTo: caller.arn,
		chained,
		...attributes,
	});
	return stsResult(
		'AssumeRole',
		{
			AssumedRoleUser: { Arn: session.assumedRoleArn, AssumedRoleId: session.assumedRoleId },
			Credentials: {
				AccessKeyId: session.accessKeyId,
				SecretAccessKey: session.secretAccessKey,
				SessionToken: session.sessionToken,
				Expiration: isoSeconds(session.expiration),
			},
			...(session.sourceIdentity ? { SourceIdentity: session.sourceIdentity } : {}),
		},
		ctx.requestId,
	);
}
