import { AuthError, CredentialValidationError } from '../../nodes/shared/auth/errors';
import { isTransientAuthError, withRetries } from '../../nodes/shared/auth/retry';
import { describeAwsError } from '../../nodes/shared/errors';
import { describeLocalFailure } from '../../nodes/shared/transport/sdkError';
import { toConnectionConfig } from '../../nodes/shared/auth/connection';

/**
 * The shared-code fixes the fault matrix led to, pinned by unit tests with the error shapes
 * the AWS SDK produces inside n8n (one realm), where Jest's own realm would hide them.
 */

const DESERIALIZATION_NOTE =
	'\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

describe('failures without an AWS error answer', () => {
	it.each([
		[
			'connection refused, after the SDK retried',
			Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
				code: 'ECONNREFUSED',
				$metadata: { attempts: 3, totalRetryDelay: 120 },
			}),
			'ECONNREFUSED',
			'The connection to AWS was refused',
		],
		[
			'reset in the middle of the body (headers said 200)',
			Object.assign(new Error(`aborted${DESERIALIZATION_NOTE}`), {
				code: 'ECONNRESET',
				$metadata: { httpStatusCode: 200, attempts: 2 },
			}),
			'ECONNRESET',
			'The connection to AWS was closed unexpectedly',
		],
		[
			'socket hang up, renamed TimeoutError by the HTTP handler',
			Object.assign(new Error('socket hang up'), {
				name: 'TimeoutError',
				code: 'ECONNRESET',
				$metadata: {},
			}),
			'ECONNRESET',
			'The connection to AWS was closed unexpectedly',
		],
		[
			'a body that is not JSON',
			Object.assign(
				new SyntaxError(`Unterminated string in JSON at position 16${DESERIALIZATION_NOTE}`),
				{
					$metadata: { httpStatusCode: 200, requestId: 'req-1' },
				},
			),
			'InvalidResponse',
			'AWS answered with something that could not be read',
		],
	])('%s', (_what, error, code, message) => {
		const info = describeAwsError(error, { service: 'bedrock-runtime' });
		expect(info).toMatchObject({ code, message });
		expect(info.advice).toBeDefined();
		expect(info.awsMessage).not.toContain('Deserialization error');
		// No AWS status: a 200 on a failure would make n8n show "HTTP 200".
		expect(info.httpStatus).toBeUndefined();
	});

	it('keeps the request ID of an unreadable answer for support', () => {
		const error = Object.assign(new SyntaxError(`Unexpected end${DESERIALIZATION_NOTE}`), {
			$metadata: { httpStatusCode: 200, requestId: 'req-42' },
		});
		expect(describeAwsError(error).requestId).toBe('req-42');
	});

	it('a blank message falls back to the code', () => {
		expect(
			describeLocalFailure(Object.assign(new Error('   '), { code: 'ECONNRESET' })).message,
		).toBe('ECONNRESET');
		const service = Object.assign(new Error('  '), {
			name: 'ValidationException',
			$fault: 'client',
			$metadata: { httpStatusCode: 400 },
		});
		expect(describeAwsError(service).message.trim()).not.toBe('');
	});

	it('an STS error keeps its STS advice when a Bedrock call asked for the credentials', () => {
		const error = new AuthError(
			'authentication',
			'arn:aws:iam::111122223333:role/R: User: arn:aws:iam::111122223333:user/n8n is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/R',
			{
				service: 'sts',
				operation: 'AssumeRole',
				code: 'AccessDenied',
				httpStatus: 403,
			},
		);
		const info = describeAwsError(error, { service: 'bedrock-runtime' });
		expect(info.message).toBe('STS refused to let the source identity assume the role');
		expect(info.advice).toMatch(/sts:ExternalId/);
	});
});

describe('withRetries (Roles Anywhere CreateSession)', () => {
	const transient = () =>
		new AuthError('authentication', 'throttled', { code: 'ThrottlingException', httpStatus: 429 });
	const ok = { accessKeyId: 'ASIA0000000000000000', secretAccessKey: 's', sessionToken: 't' };

	it('asks again after throttling, 5xx and dropped connections, then succeeds', async () => {
		const answers: Array<Error | typeof ok> = [
			transient(),
			new AuthError('authentication', 'down', {
				code: 'ServiceUnavailableException',
				httpStatus: 503,
			}),
			ok,
		];
		const waits: number[] = [];
		const provider = withRetries(
			async () => {
				const next = answers.shift()!;
				if (next instanceof Error) throw next;
				return next;
			},
			{ sleep: async (ms) => void waits.push(ms) },
		);
		await expect(provider()).resolves.toBe(ok);
		expect(waits).toHaveLength(2);
		expect(waits[0]).toBeLessThanOrEqual(500);
		expect(waits[1]).toBeLessThanOrEqual(200);
	});

	it('gives up after three attempts with the last failure', async () => {
		let calls = 0;
		const provider = withRetries(
			async () => {
				calls++;
				throw transient();
			},
			{ sleep: async () => undefined },
		);
		await expect(provider()).rejects.toMatchObject({ code: 'ThrottlingException' });
		expect(calls).toBe(3);
	});

	it.each([
		[
			'a refusal',
			new AuthError('authentication', 'no', { code: 'AccessDeniedException', httpStatus: 403 }),
		],
		['bad input', new CredentialValidationError('Role ARN', 'is empty')],
		[
			'an unreadable answer',
			new AuthError('authentication', 'junk', { code: 'InvalidResponse', httpStatus: 201 }),
		],
		['anything else', new Error('boom')],
	])('throws %s at once', async (_what, error) => {
		expect(isTransientAuthError(error)).toBe(false);
		let calls = 0;
		const provider = withRetries(async () => {
			calls++;
			throw error;
		});
		await expect(provider()).rejects.toBe(error);
		expect(calls).toBe(1);
	});
});

describe('credential fields holding objects (an expression can produce one)', () => {
	it.each([
		['region', 'Bedrock Region'],
		['sessionDuration', 'Session Duration (Seconds)'],
		['readTimeout', 'Read Timeout'],
	])('%s: a validation error naming the field, not a TypeError', (field, label) => {
		const data = {
			roleArn: 'arn:aws:iam::111122223333:role/R',
			accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
			secretAccessKey: 'secret',
			[field]: Object.create(null) as object,
		};
		expect(() => toConnectionConfig('bedrockAssumeRoleApi', data as never)).toThrow(
			CredentialValidationError,
		);
		expect(() => toConnectionConfig('bedrockAssumeRoleApi', data as never)).toThrow(label);
	});
});
