/**
 * Reading a CreateSession answer: the credential set, or the AWS error with its code, request ID
 * and origin; and whether a refusal was about the request's time (clock skew).
 */
import { boundText } from '../transport/boundedText';
import { CREATE_SESSION } from '../transport/origin';
import { AuthError } from './errors';
import type { RolesAnywhereIdentity } from './rolesAnywhere';

export interface Answer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** Error codes and messages that say the request time was refused (as the AWS SDK retries). */
const CLOCK_SKEW_CODES = new Set([
	'AuthFailure',
	'InvalidSignatureException',
	'RequestExpired',
	'RequestInTheFuture',
	'RequestTimeTooSkewed',
	'SignatureDoesNotMatch',
]);
const CLOCK_SKEW_MESSAGE =
	/signature (?:has )?expired|signature not yet current|request (?:has )?expired|too skewed|clock skew/i;
/** "date … skew", "time … in the future": two linear searches, as `(date|time)\b.*\b(…)` is quadratic. */
const TIME_WORD = /(?:date|time)\b/i;
const SKEW_AFTER_TIME_WORD = /\b(?:skew|in the future)/i;
/** Below this difference the local clock is left alone (the AWS SDK's threshold). */
const CLOCK_SKEW_THRESHOLD_MS = 5 * 60 * 1000;

export function isSuccess(answer: Answer): boolean {
	return answer.status >= 200 && answer.status < 300;
}

interface ServiceError {
	code?: string;
	message?: string;
	requestId?: string;
}

/** Code from `x-amzn-ErrorType` (or the body), message and request ID of an error answer. */
export function parseError(answer: Answer): ServiceError {
	const json = parseJson(answer.body);
	const record = isRecord(json) ? json : {};
	const headerType = answer.headers['x-amzn-errortype'];
	const rawCode =
		headerType ??
		stringField(record, '__type') ??
		stringField(record, 'code') ??
		stringField(record, 'Code');
	const message =
		stringField(record, 'message') ??
		stringField(record, 'Message') ??
		stringField(record, 'errorMessage');
	return {
		// `AccessDeniedException:http://internal…` or `com.amazon…#AccessDeniedException`
		code: rawCode?.split(':')[0].split('#').pop() || undefined,
		message: message && boundText(message),
		requestId: requestIdOf(answer),
	};
}

export function toAuthError(answer: Answer, error: ServiceError): AuthError {
	const code = error.code ?? 'UnknownError';
	const detail = error.message ? `: ${error.message}` : '';
	return new AuthError(
		'authentication',
		`IAM Roles Anywhere CreateSession failed with ${code} (HTTP ${answer.status})${detail}`,
		{ ...CREATE_SESSION, code, requestId: error.requestId, httpStatus: answer.status },
	);
}

export function isClockSkewError(error: ServiceError): boolean {
	if (error.code !== undefined && CLOCK_SKEW_CODES.has(error.code)) return true;
	const message = error.message ?? '';
	if (CLOCK_SKEW_MESSAGE.test(message)) return true;
	const timeWord = TIME_WORD.exec(message);
	return (
		timeWord !== null &&
		SKEW_AFTER_TIME_WORD.test(message.slice(timeWord.index + timeWord[0].length))
	);
}

/**
 * The new clock offset (server time minus local time) when the answer's `Date` shows the
 * corrected local clock is off by the threshold or more; undefined otherwise.
 */
export function correctedOffset(
	answer: Answer,
	localNowMs: number,
	offsetMs: number,
): number | undefined {
	const serverMs = Date.parse(answer.headers.date ?? '');
	if (Number.isNaN(serverMs)) return undefined;
	if (Math.abs(serverMs - (localNowMs + offsetMs)) < CLOCK_SKEW_THRESHOLD_MS) return undefined;
	return serverMs - localNowMs;
}

export function parseCredentials(answer: Answer, clockOffsetMs: number): RolesAnywhereIdentity {
	const json = parseJson(answer.body);
	const set = isRecord(json) && Array.isArray(json.credentialSet) ? json.credentialSet : [];
	const first: unknown = set[0];
	const credentials = isRecord(first) && isRecord(first.credentials) ? first.credentials : {};
	const accessKeyId = stringField(credentials, 'accessKeyId');
	const secretAccessKey = stringField(credentials, 'secretAccessKey');
	const sessionToken = stringField(credentials, 'sessionToken');
	const expiration = parseTimestamp(credentials.expiration);
	if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) {
		const what = json === undefined ? 'a body that is not JSON' : 'no usable credentialSet';
		throw new AuthError(
			'authentication',
			`IAM Roles Anywhere CreateSession answered HTTP ${answer.status} with ${what}`,
			{
				...CREATE_SESSION,
				code: 'InvalidResponse',
				requestId: requestIdOf(answer),
				httpStatus: answer.status,
			},
		);
	}
	const user = isRecord(first) && isRecord(first.assumedRoleUser) ? first.assumedRoleUser : {};
	const assumedRoleArn = stringField(user, 'arn');
	const accountId = assumedRoleArn?.split(':')[4];
	return {
		accessKeyId,
		secretAccessKey,
		sessionToken,
		expiration: new Date(expiration.getTime() - clockOffsetMs),
		...(accountId && /^\d{12}$/.test(accountId) ? { accountId } : {}),
		...(assumedRoleArn ? { assumedRoleArn, principalArn: assumedRoleArn } : {}),
	};
}

export function requestIdOf(answer: Answer): string | undefined {
	return answer.headers['x-amzn-requestid'] ?? answer.headers['x-amz-request-id'];
}

/** ISO-8601 text, or epoch seconds as some JSON protocols send them. */
function parseTimestamp(value: unknown): Date | undefined {
	const ms =
		typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isNaN(ms) ? undefined : new Date(ms);
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
	const value = record[key];
	return typeof value === 'string' && value !== '' ? value : undefined;
}
