import {
	AccessDeniedException,
	BedrockRuntimeServiceException,
	InternalServerException,
	ModelErrorException,
	ModelNotReadyException,
	ModelTimeoutException,
	ResourceNotFoundException,
	ServiceQuotaExceededException,
	ServiceUnavailableException,
	ThrottlingException,
	ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { DependencyFailedException } from '@aws-sdk/client-bedrock-agent-runtime';
import {
	ExpiredTokenException as StsExpiredTokenException,
	RegionDisabledException,
	STSServiceException,
} from '@aws-sdk/client-sts';
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import { AuthError, CredentialValidationError } from '../auth/errors';
import { AWS_ERROR_ADVICE } from './advice';
import { describeAwsError, findAdvice, suggestInferenceProfileIds, toNodeError } from './index';

const node: INode = {
	id: 'node-1',
	name: 'Bedrock Converse',
	type: 'n8n-nodes-bedrock-iam.bedrockConverse',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const REQUEST_ID = '7f1c2d3e-1111-2222-3333-444455556666';
const meta = (httpStatusCode: number) => ({ requestId: REQUEST_ID, httpStatusCode, attempts: 1 });

/** An STS error that the SDK does not model (awsQuery code only), as the SDK builds it. */
function stsError(code: string, message: string, status: number): STSServiceException {
	return new STSServiceException({
		name: code,
		$fault: 'client',
		message,
		$metadata: meta(status),
	});
}

/** An unmodeled Bedrock runtime error (UnrecognizedClientException, InvalidSignatureException…). */
function runtimeError(code: string, message: string, status: number) {
	return new BedrockRuntimeServiceException({
		name: code,
		$fault: 'client',
		message,
		$metadata: meta(status),
	});
}

function networkError(code: string, message: string): Error {
	return Object.assign(new Error(message), { code });
}

const ROLE = 'arn:aws:iam::123456789012:role/n8n-bedrock';
const USER = 'arn:aws:iam::210987654321:user/n8n';
const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';

interface Case {
	name: string;
	error: unknown;
	context?: Parameters<typeof describeAwsError>[1];
	message: RegExp | string;
	advice: RegExp;
	code?: string;
	httpStatus?: number;
}

const cases: Case[] = [
	// ── STS AssumeRole ──
	{
		name: 'STS AccessDenied on sts:AssumeRole → trust policy / External ID',
		error: stsError(
			'AccessDenied',
			`User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
			403,
		),
		message: /refused to let the source identity assume the role/,
		advice: /Trust relationships.*sts:ExternalId.*External ID/s,
		code: 'AccessDenied',
		httpStatus: 403,
	},
	{
		name: 'STS AccessDenied on sts:TagSession',
		error: stsError(
			'AccessDenied',
			`User: ${USER} is not authorized to perform: sts:TagSession on resource: ${ROLE}`,
			403,
		),
		message: 'The role’s trust policy does not allow sts:TagSession',
		advice: /add sts:TagSession/,
	},
	{
		name: 'STS AccessDenied for the root user',
		error: stsError('AccessDenied', 'Roles may not be assumed by root accounts.', 403),
		message: /root user/,
		advice: /IAM > Users/,
	},
	{
		name: 'explicit deny in a service control policy',
		error: new AccessDeniedException({
			message: `User: ${ROLE} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/${MODEL} with an explicit deny in a service control policy`,
			$metadata: meta(403),
		}),
		message: 'An explicit deny in the service control policy blocks bedrock:InvokeModel',
		advice: /AWS Organizations/,
	},
	{
		name: 'STS ValidationError DurationSeconds > MaxSessionDuration',
		error: stsError(
			'ValidationError',
			'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
			400,
		),
		message: /Session Duration is longer than the role’s maximum/,
		advice: /Lower Session Duration.*Maximum session duration/s,
		httpStatus: 400,
	},
	{
		name: 'STS ValidationError role chaining',
		error: stsError(
			'ValidationError',
			'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
			400,
		),
		message: /1 hour/,
		advice: /3600/,
	},
	{
		name: 'STS ValidationError on roleSessionName',
		error: stsError(
			'ValidationError',
			"1 validation error detected: Value 'my session' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
			400,
		),
		message: 'Role Session Name is not valid',
		advice: /2 to 64/,
	},
	{
		name: 'STS ValidationError, other field → AWS message',
		error: stsError(
			'ValidationError',
			"1 validation error detected: Value '[]' at 'policyArns' failed to satisfy constraint",
			400,
		),
		message: "1 validation error detected: Value '[]' at 'policyArns' failed to satisfy constraint",
		advice: /names the parameter/,
	},
	{
		name: 'STS RegionDisabledException',
		error: new RegionDisabledException({
			message:
				'STS is not activated in this region for account:123456789012. Your account administrator can activate STS in this region using the IAM Console.',
			$metadata: meta(403),
		}),
		message: /not activated in the Auth Region/,
		advice: /IAM > Account settings.*another Auth Region/s,
		code: 'RegionDisabledException',
	},
	{
		name: 'STS InvalidClientTokenId',
		error: stsError(
			'InvalidClientTokenId',
			'The security token included in the request is invalid.',
			403,
		),
		message: /does not recognise the access key/,
		advice: /Access Key ID/,
	},
	{
		name: 'STS SignatureDoesNotMatch → secret',
		error: stsError(
			'SignatureDoesNotMatch',
			'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
			403,
		),
		message: /Secret Access Key is wrong/,
		advice: /Re-enter Secret Access Key/,
	},
	{
		name: 'STS Signature expired → clock skew',
		error: stsError(
			'SignatureDoesNotMatch',
			'Signature expired: 20240609T184512Z is now earlier than 20240610T013008Z (20240610T014508Z - 15 min.)',
			403,
		),
		message: /clock is off/,
		advice: /NTP/,
	},
	{
		name: 'SignatureDoesNotMatch scoped to another region',
		error: stsError(
			'SignatureDoesNotMatch',
			"Credential should be scoped to a valid region, not 'us-east-2'.",
			403,
		),
		message: /signed for another region/,
		advice: /endpoint override/,
	},
	{
		name: 'STS ExpiredToken (source session token)',
		error: stsError('ExpiredToken', 'The security token included in the request is expired', 400),
		message: /source credentials’ session token has expired/,
		advice: /fresh Access Key ID, Secret Access Key and Session Token/,
	},
	{
		name: 'STS modeled ExpiredTokenException',
		error: new StsExpiredTokenException({
			message: 'The security token included in the request is expired',
			$metadata: meta(400),
		}),
		message: /source credentials’ session token has expired/,
		advice: /Session Token/,
	},
	// ── Roles Anywhere (as rolesAnywhere.ts throws them) ──
	...(
		[
			['Untrusted signing certificate', /does not chain to the trust anchor/, /Certificate Chain/],
			[
				'Invalid signature',
				/could not verify the request signature/,
				/Private Key is the key of Certificate/,
			],
			[
				'Not authorized to set roleSessionName.',
				/custom role session name/,
				/Accept custom role session name.*clear Role Session Name/s,
			],
			[
				'Requested durationSeconds exceeds the duration set on the profile',
				/longer than the IAM Roles Anywhere profile allows/,
				/Session duration in IAM Roles Anywhere > Profiles/,
			],
			['Profile is disabled', /disabled/, /Actions > Enable/],
			['Trust anchor is disabled', /disabled/, /Actions > Enable/],
			['Role is not in the profile', /not one of the profile’s roles/, /Roles/],
			[
				'Unable to assume role',
				/could not assume the role/,
				/rolesanywhere\.amazonaws\.com.*sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity/s,
			],
			['Certificate is expired', /expired or is not valid yet/, /Renew the certificate/],
			['Something new', /refused to create a session/, /trust anchor holds the issuing CA/],
		] as const
	).map(
		([awsMessage, message, advice]): Case => ({
			name: `Roles Anywhere AccessDeniedException "${awsMessage}"`,
			error: new AuthError(
				'authentication',
				`IAM Roles Anywhere CreateSession failed with AccessDeniedException (HTTP 403): ${awsMessage}`,
				{
					service: 'rolesanywhere',
					operation: 'CreateSession',
					code: 'AccessDeniedException',
					requestId: REQUEST_ID,
					httpStatus: 403,
				},
			),
			message,
			advice,
			code: 'AccessDeniedException',
			httpStatus: 403,
		}),
	),
	{
		name: 'STS AuthError from assumeRole.ts keeps the STS advice',
		error: new AuthError(
			'authentication',
			`${ROLE}: User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
			{
				service: 'sts',
				operation: 'AssumeRole',
				code: 'AccessDenied',
				requestId: REQUEST_ID,
				httpStatus: 403,
			},
		),
		message: /refused to let the source identity assume the role/,
		advice: /sts:ExternalId/,
	},
	{
		name: 'Roles Anywhere durationSeconds out of range',
		error: new AuthError(
			'authentication',
			"IAM Roles Anywhere CreateSession failed with ValidationException (HTTP 400): 1 validation error detected: Value '300' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
			{
				service: 'rolesanywhere',
				operation: 'CreateSession',
				code: 'ValidationException',
				requestId: REQUEST_ID,
				httpStatus: 400,
			},
		),
		message: 'Session Duration is out of range',
		advice: /900 to 43200/,
	},
	{
		name: 'Roles Anywhere "Unable to assume role for <arn>" (role not in profile or not trusting)',
		error: new AuthError(
			'authentication',
			`IAM Roles Anywhere CreateSession failed with AccessDeniedException (HTTP 403): Unable to assume role for ${ROLE}`,
			{
				service: 'rolesanywhere',
				operation: 'CreateSession',
				code: 'AccessDeniedException',
				requestId: REQUEST_ID,
				httpStatus: 403,
			},
		),
		message: /could not assume the role/,
		advice: /profile’s roles.*rolesanywhere\.amazonaws\.com/s,
	},
	{
		name: 'Roles Anywhere ResourceNotFoundException',
		error: new AuthError(
			'authentication',
			'IAM Roles Anywhere CreateSession failed with ResourceNotFoundException (HTTP 404): Trust anchor not found',
			{
				service: 'rolesanywhere',
				operation: 'CreateSession',
				code: 'ResourceNotFoundException',
				requestId: REQUEST_ID,
				httpStatus: 404,
			},
		),
		message: /trust anchor, profile or role was not found/,
		advice: /Auth Region/,
	},
	{
		name: 'MissingAuthenticationTokenException',
		error: runtimeError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403),
		message: /without a complete signature/,
		advice: /endpoint override/,
	},
	// ── Bedrock ──
	{
		name: 'on-demand throughput → inference profile for us-east-1',
		error: new ValidationException({
			message: `Invocation of model ID ${MODEL} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
			$metadata: meta(400),
		}),
		context: { modelId: MODEL, region: 'us-east-1' },
		message: /needs an inference profile/,
		advice: new RegExp(
			`inference profile ID.*For us-east-1, use us\\.${MODEL.replace(/\./g, '\\.')}\\.`,
			's',
		),
	},
	{
		name: 'on-demand throughput → model ID read from the AWS message, eu region',
		error: new ValidationException({
			message: `Invocation of model ID ${MODEL} with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
			$metadata: meta(400),
		}),
		context: { region: 'eu-central-1' },
		message: /needs an inference profile/,
		advice: new RegExp(`use eu\\.${MODEL.replace(/\./g, '\\.')}`),
	},
	{
		name: 'on-demand throughput without region → no concrete ID',
		error: new ValidationException({
			message: `Invocation of model ID ${MODEL} with on-demand throughput isn’t supported.`,
			$metadata: meta(400),
		}),
		message: /needs an inference profile/,
		advice: /^Use an inference profile ID instead of the model ID[^]*Cross-region inference\.$/,
	},
	{
		name: 'no access to the model → Model access',
		error: new AccessDeniedException({
			message: "You don't have access to the model with the specified model ID.",
			$metadata: meta(403),
		}),
		context: { modelId: MODEL, region: 'eu-west-3' },
		message: /has not been granted/,
		advice: /Model access.*Region: eu-west-3\./s,
	},
	{
		name: 'marketplace subscription',
		error: new AccessDeniedException({
			message:
				'Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.',
			$metadata: meta(403),
		}),
		message: /AWS Marketplace/,
		advice: /aws-marketplace:Subscribe/,
	},
	{
		name: 'not authorized to perform bedrock:InvokeModel → add the action',
		error: new AccessDeniedException({
			message: `User: arn:aws:sts::123456789012:assumed-role/n8n-bedrock/n8n is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/${MODEL} because no identity-based policy allows the bedrock:InvokeModel action`,
			$metadata: meta(403),
		}),
		message: 'The IAM identity is not allowed to call bedrock:InvokeModel',
		advice: /Add bedrock:InvokeModel to the permissions policy/,
	},
	{
		name: 'model identifier is invalid → wrong model or region',
		error: new ValidationException({
			message: 'The provided model identifier is invalid.',
			$metadata: meta(400),
		}),
		context: { modelId: 'anthropic.claude-x', region: 'eu-west-1' },
		message: /not valid in this Bedrock Region/,
		advice: /Model: anthropic\.claude-x, region: eu-west-1\./,
	},
	{
		name: 'ResourceNotFoundException "Model not found."',
		error: new ResourceNotFoundException({ message: 'Model not found.', $metadata: meta(404) }),
		context: { modelId: 'anthropic.nope-v1:0', region: 'us-west-2' },
		message: /model ID is not valid/,
		advice: /Model: anthropic\.nope-v1:0, region: us-west-2\./,
	},
	{
		name: 'model not supported by the operation',
		error: new ValidationException({
			message:
				"This action doesn't support the model that you provided. Try again with a supported text or chat model.",
			$metadata: meta(400),
		}),
		message: /does not support the chosen model/,
		advice: /Model catalog/,
	},
	{
		name: 'ResourceNotFoundException generic',
		error: new ResourceNotFoundException({ message: 'Agent not found.', $metadata: meta(404) }),
		message: 'The requested resource was not found',
		advice: /Bedrock Region/,
	},
	{
		name: 'ResourceNotFoundException end of life',
		error: new ResourceNotFoundException({
			message:
				'This model version has reached the end of its life. Please refer to the AWS documentation for more details.',
			$metadata: meta(404),
		}),
		message: /retired/,
		advice: /newer version/,
	},
	{
		name: 'ThrottlingException',
		error: new ThrottlingException({
			message: 'Too many requests, please wait before trying again.',
			$metadata: meta(429),
		}),
		message: /throttling/,
		advice: /Max Concurrent Requests.*quota increase/s,
		httpStatus: 429,
	},
	{
		name: 'ServiceQuotaExceededException',
		error: new ServiceQuotaExceededException({
			message: 'Your request exceeds the service quota for your account.',
			$metadata: meta(400),
		}),
		message: /throttling/,
		advice: /Max Concurrent Requests/,
	},
	{
		name: 'TooManyRequestsException',
		error: runtimeError('TooManyRequestsException', 'Rate exceeded', 429),
		message: /throttling/,
		advice: /quota increase/,
	},
	{
		name: 'ModelTimeoutException',
		error: new ModelTimeoutException({
			message: 'Model has timed out in processing the request. Try your request again.',
			$metadata: meta(408),
		}),
		message: /too long/,
		advice: /streaming.*shorter prompt/s,
	},
	{
		name: 'ModelNotReadyException',
		error: new ModelNotReadyException({
			message: 'Model is not ready to serve inference requests.',
			$metadata: meta(429),
		}),
		message: /not ready/,
		advice: /Retry in a moment/,
	},
	{
		name: 'ModelErrorException',
		error: new ModelErrorException({
			message: 'The model returned an error: bad JSON',
			$metadata: meta(424),
		}),
		message: 'The model failed to process the request: The model returned an error: bad JSON',
		advice: /input format/,
	},
	{
		name: 'ServiceUnavailableException',
		error: new ServiceUnavailableException({
			message: 'Bedrock is unable to process your request.',
			$metadata: meta(503),
		}),
		message: /right now/,
		advice: /Retry On Fail/,
		httpStatus: 503,
	},
	{
		name: 'InternalServerException',
		error: new InternalServerException({
			message: 'The server encountered an internal error.',
			$metadata: meta(500),
		}),
		message: /right now/,
		advice: /temporary/,
	},
	{
		name: 'agent DependencyFailedException',
		error: new DependencyFailedException({
			message: 'Lambda function failed',
			$metadata: meta(424),
		}),
		message: 'A resource the agent depends on failed: Lambda function failed',
		advice: /action group Lambda/,
	},
	{
		name: 'generic ValidationException shows the AWS message',
		error: new ValidationException({
			message: 'messages.0.content: Field required',
			$metadata: meta(400),
		}),
		message: 'messages.0.content: Field required',
		advice: /names the parameter/,
	},
	{
		name: 'UnrecognizedClientException',
		error: runtimeError(
			'UnrecognizedClientException',
			'The security token included in the request is invalid.',
			403,
		),
		message: /does not recognise/,
		advice: /Access Key ID/,
	},
	{
		name: 'InvalidSignatureException',
		error: runtimeError(
			'InvalidSignatureException',
			'The request signature we calculated does not match the signature you provided.',
			403,
		),
		message: /Secret Access Key is wrong/,
		advice: /Secret Access Key/,
	},
	{
		name: 'Bedrock signature expired → clock',
		error: runtimeError(
			'InvalidSignatureException',
			'Signature expired: 20170111T204052Z is now earlier than 20170111T225449Z (20170111T230949Z - 15 min.)',
			403,
		),
		message: /clock is off/,
		advice: /NTP/,
	},
	{
		name: 'Bedrock ExpiredTokenException',
		error: runtimeError(
			'ExpiredTokenException',
			'The security token included in the request is expired',
			403,
		),
		message: 'The AWS session has expired',
		advice: /fetches new credentials.*NTP/s,
	},
	// ── Network ──
	{
		name: 'ECONNREFUSED',
		error: networkError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:443'),
		message: 'The connection to AWS was refused',
		advice: /endpoint override.*proxy.*VPC endpoint/s,
		code: 'ECONNREFUSED',
	},
	{
		name: 'ENOTFOUND',
		error: networkError(
			'ENOTFOUND',
			'getaddrinfo ENOTFOUND bedrock-runtime.us-east-9.amazonaws.com',
		),
		message: /could not be resolved/,
		advice: /endpoint override/,
	},
	{
		name: 'SDK connection timeout',
		error: Object.assign(
			new Error(
				'@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.',
			),
			{ name: 'TimeoutError' },
		),
		message: 'The connection to AWS timed out',
		advice: /Connection Timeout/,
		code: 'TimeoutError',
	},
	{
		name: 'SDK read timeout',
		error: Object.assign(
			new Error(
				'@smithy/node-http-handler - [ERROR] a request has exceeded the configured 30000 ms requestTimeout.',
			),
			{ name: 'TimeoutError', code: 'ETIMEDOUT' },
		),
		message: 'AWS did not answer in time',
		advice: /Read Timeout/,
	},
	{
		name: 'socket timeout',
		error: Object.assign(
			new Error(
				'@smithy/node-http-handler - the request socket timed out after 5000 ms of inactivity (configured by client requestHandler).',
			),
			{ name: 'TimeoutError' },
		),
		message: 'AWS did not answer in time',
		advice: /Read Timeout/,
	},
	{
		name: 'Roles Anywhere network AuthError',
		error: new AuthError(
			'authentication',
			'Could not reach IAM Roles Anywhere at rolesanywhere.eu-west-1.amazonaws.com: connect ECONNREFUSED 1.2.3.4:443',
			{ service: 'rolesanywhere', operation: 'CreateSession', code: 'ECONNREFUSED' },
		),
		message: 'The connection to AWS was refused',
		advice: /proxy/,
	},
];

describe('describeAwsError', () => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
		const info = describeAwsError(c.error, c.context);
		if (typeof c.message === 'string') expect(info.message).toBe(c.message);
		else expect(info.message).toMatch(c.message);
		expect(info.advice).toMatch(c.advice);
		if (c.code) expect(info.code).toBe(c.code);
		if (c.httpStatus) expect(info.httpStatus).toBe(c.httpStatus);
		const fromAws = typeof (c.error as { $metadata?: unknown }).$metadata === 'object';
		if (fromAws || (c.error instanceof AuthError && c.error.requestId)) {
			expect(info.requestId).toBe(REQUEST_ID);
		}
		expect(info.advice).not.toMatch(/\{\w+\}/);
		expect(info.message).not.toMatch(/\{\w+\}/);
	});

	it('keeps the AWS message and the code of an unknown error', () => {
		const info = describeAwsError(runtimeError('BrandNewException', 'Something odd', 418));
		expect(info).toEqual({
			code: 'BrandNewException',
			awsMessage: 'Something odd',
			message: 'Something odd',
			requestId: REQUEST_ID,
			httpStatus: 418,
		});
	});

	it('cleans namespaced codes', () => {
		const error = runtimeError(
			'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
			'Too many tokens, please wait before trying again.',
			429,
		);
		expect(describeAwsError(error).code).toBe('ThrottlingException');
	});

	it('keeps the advice an AuthError already carries', () => {
		const error = new AuthError('authentication', 'Key does not match certificate', {
			code: 'KeyMismatch',
			advice: 'Paste the key of this certificate.',
		});
		expect(describeAwsError(error)).toMatchObject({
			message: 'Key does not match certificate',
			advice: 'Paste the key of this certificate.',
		});
	});

	it('does not apply Roles Anywhere advice to a Bedrock AccessDeniedException', () => {
		const error = new AccessDeniedException({
			message: 'Invalid signature for the trust anchor',
			$metadata: meta(403),
		});
		expect(describeAwsError(error).message).toMatch(/^AWS denied access/);
	});

	it('handles values that are not errors', () => {
		expect(describeAwsError('boom')).toEqual({ awsMessage: 'boom', message: 'boom' });
		expect(describeAwsError(undefined).message).toBe('Unknown error');
	});

	it('reads the code of an AggregateError from its members', () => {
		const aggregate = new AggregateError(
			[networkError('ECONNREFUSED', 'connect ECONNREFUSED ::1:443')],
			'',
		);
		expect(describeAwsError(aggregate)).toMatchObject({
			code: 'ECONNREFUSED',
			message: 'The connection to AWS was refused',
		});
	});

	it('scrubs secrets from every text', () => {
		const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
		const error = runtimeError('ValidationException', `bad value ${secret}`, 400);
		const info = describeAwsError(error, { secrets: [secret] });
		expect(JSON.stringify(info)).not.toContain(secret);
		expect(info.message).toBe('bad value [redacted]');
	});
});

describe('advice table', () => {
	it('uses only placeholders that are always known in message and advice', () => {
		for (const entry of AWS_ERROR_ADVICE) {
			const groups = new Set(['awsMessage']);
			const source = entry.match?.source ?? '';
			for (const [, name] of source.matchAll(/\(\?<(\w+)>/g)) {
				// A group inside an optional part may be missing.
				if (!new RegExp(`\\(\\?:[^)]*\\(\\?<${name}>`).test(source)) groups.add(name);
			}
			for (const text of [entry.message, entry.advice]) {
				for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
					expect({ entry: entry.message, name, known: groups.has(name) }).toEqual({
						entry: entry.message,
						name,
						known: true,
					});
				}
			}
		}
	});

	it('is reachable: no entry is hidden by an earlier one with the same code and no match', () => {
		const catchAll = new Map<string, string | undefined>();
		for (const entry of AWS_ERROR_ADVICE) {
			const codes = typeof entry.code === 'string' ? [entry.code] : entry.code;
			for (const code of codes) {
				const key = `${code}|${entry.service ?? '*'}`;
				expect({ key, hidden: catchAll.has(key) }).toEqual({ key, hidden: false });
				if (!entry.match) catchAll.set(key, entry.message);
			}
		}
	});

	it('finds nothing without a code', () => {
		expect(findAdvice(undefined, 'anything', 'sts')).toBeUndefined();
	});
});

describe('suggestInferenceProfileIds', () => {
	it.each([
		['us-east-1', ['us.m.v1']],
		['us-west-2', ['us.m.v1']],
		['us-gov-west-1', ['us-gov.m.v1']],
		['eu-central-1', ['eu.m.v1']],
		['ap-south-1', ['apac.m.v1']],
		['ap-northeast-1', ['apac.m.v1', 'jp.m.v1']],
		['ap-southeast-2', ['apac.m.v1', 'au.m.v1']],
		['sa-east-1', []],
	])('%s', (region, expected) => {
		expect(suggestInferenceProfileIds('m.v1', region)).toEqual(expected);
	});

	it('reads a foundation model ARN and skips IDs that already are profiles', () => {
		expect(
			suggestInferenceProfileIds(
				`arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
				'us-east-1',
			),
		).toEqual([`us.${MODEL}`]);
		expect(suggestInferenceProfileIds(`us.${MODEL}`, 'us-east-1')).toEqual([]);
		expect(suggestInferenceProfileIds(`global.${MODEL}`, 'us-east-1')).toEqual([]);
		expect(
			suggestInferenceProfileIds(
				'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x',
				'us-east-1',
			),
		).toEqual([]);
		expect(suggestInferenceProfileIds(MODEL, undefined)).toEqual([]);
	});
});

describe('toNodeError', () => {
	it.each([
		[
			429,
			new ThrottlingException({
				message: 'Too many requests, please wait before trying again.',
				$metadata: meta(429),
			}),
			/throttling/,
		],
		[
			403,
			new AccessDeniedException({
				message: "You don't have access to the model with the specified model ID.",
				$metadata: meta(403),
			}),
			/has not been granted/,
		],
		[
			500,
			new InternalServerException({ message: 'Internal error', $metadata: meta(500) }),
			/right now/,
		],
		[
			503,
			new ServiceUnavailableException({
				message: 'Bedrock is unable to process your request.',
				$metadata: meta(503),
			}),
			/right now/,
		],
		[
			400,
			new ValidationException({ message: 'messages: Field required', $metadata: meta(400) }),
			/^messages: Field required$/,
		],
		[
			404,
			new ResourceNotFoundException({ message: 'Not found', $metadata: meta(404) }),
			/not found/,
		],
	])('NodeApiError for HTTP %i keeps our message and the request ID', (status, error, message) => {
		const result = toNodeError(node, error, { itemIndex: 3 });
		expect(result).toBeInstanceOf(NodeApiError);
		expect(result.message).toMatch(message);
		expect(result.message).not.toMatch(
			/service is receiving too many|Forbidden|not able to process|Service unavailable|Bad request|could not be found/,
		);
		expect((result as NodeApiError).httpCode).toBe(String(status));
		expect(result.description).toContain(`AWS request ID: ${REQUEST_ID}`);
		expect(result.context.itemIndex).toBe(3);
		expect(result.context.awsRequestId).toBe(REQUEST_ID);
	});

	it('puts advice, the AWS message and the request ID in the description', () => {
		const error = new ThrottlingException({
			message: 'Too many requests, please wait before trying again.',
			$metadata: meta(429),
		});
		const result = toNodeError(node, error);
		expect(result.description).toBe(
			[
				describeAwsError(error).advice,
				'AWS error ThrottlingException (HTTP 429): Too many requests, please wait before trying again.',
				`AWS request ID: ${REQUEST_ID}`,
			].join('\n'),
		);
	});

	it('never passes the SDK response (signed headers, session token) to n8n', () => {
		const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD1example';
		const error = new ThrottlingException({ message: 'Too many requests', $metadata: meta(429) });
		error.$response = {
			statusCode: 429,
			headers: { 'x-amz-security-token': token, authorization: `AWS4-HMAC-SHA256 ${token}` },
			body: undefined,
		};
		const result = toNodeError(node, error) as NodeApiError;
		expect(result.errorResponse).toEqual({
			message: 'Too many requests',
			code: 'ThrottlingException',
			requestId: REQUEST_ID,
		});
		expect(result.cause).toBeUndefined();
		const everything = JSON.stringify({
			json: result.toJSON?.(),
			response: result.errorResponse,
			messages: result.messages,
			context: result.context,
			description: result.description,
		});
		expect(everything).not.toContain(token);
	});

	it('keeps our message when n8n would swap it for a generic one', () => {
		const result = toNodeError(
			node,
			networkError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:443'),
			{
				itemIndex: 0,
			},
		);
		expect(result).toBeInstanceOf(NodeOperationError);
		expect(result.message).toBe('The connection to AWS was refused');
		expect(result.description).toContain('Error ECONNREFUSED: connect ECONNREFUSED 10.0.0.5:443');
		expect(result.context.awsErrorCode).toBe('ECONNREFUSED');
	});

	it('keeps an AWS message that n8n would take for a Node.js error code', () => {
		// 'RolePermissions' contains 'EPERM': n8n would say "Operation not permitted…".
		const error = new ValidationException({
			message: 'Value at RolePermissions failed to satisfy constraint',
			$metadata: meta(400),
		});
		const result = toNodeError(node, error);
		expect(result.message).toBe('Value at RolePermissions failed to satisfy constraint');
	});

	it('turns a CredentialValidationError into a NodeOperationError naming the field', () => {
		const result = toNodeError(
			node,
			new CredentialValidationError(
				'Role ARN',
				'is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
			),
			{ itemIndex: 1 },
		);
		expect(result).toBeInstanceOf(NodeOperationError);
		expect(result.message).toBe(
			'Role ARN: is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
		);
		expect(result.context.itemIndex).toBe(1);
	});

	it('maps an AuthError from STS to a NodeApiError with the STS advice', () => {
		const error = new AuthError(
			'authentication',
			`${ROLE}: User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
			{
				service: 'sts',
				operation: 'AssumeRole',
				code: 'AccessDenied',
				requestId: REQUEST_ID,
				httpStatus: 403,
			},
		);
		const result = toNodeError(node, error, { itemIndex: 0 });
		expect(result).toBeInstanceOf(NodeApiError);
		expect(result.message).toMatch(/assume the role/);
		expect(result.description).toMatch(/sts:ExternalId/);
		expect(result.description).toContain(`AWS request ID: ${REQUEST_ID}`);
	});

	it('returns an n8n error as it is, with the item index set', () => {
		const original = new NodeOperationError(node, 'Prompt is empty');
		const result = toNodeError(node, original, { itemIndex: 4 });
		expect(result).toBe(original);
		expect(result.context.itemIndex).toBe(4);
		const withIndex = new NodeOperationError(node, 'x', { itemIndex: 1 });
		expect(toNodeError(node, withIndex, { itemIndex: 2 }).context.itemIndex).toBe(1);
	});

	it('maps a plain Error to a NodeOperationError with its message', () => {
		const result = toNodeError(node, new TypeError('x is not a function'));
		expect(result).toBeInstanceOf(NodeOperationError);
		expect(result.message).toBe('x is not a function');
	});
});
