/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_USER, type FaultSpec } from '../emulator';
import { RecordingLogger } from '../helpers/nodeContext';
import { bundleWithIterations, withKeyIterations } from '../helpers/kdfFixtures';
import { useEmulator } from '../helpers/useEmulator';
import {
	closedPort,
	encryptedKeyPem,
	expectEveryItem,
	knownSecrets,
	Observed,
	runToOutput,
	secretForms,
	watchUnhandledRejections,
	within,
	type RunSpec,
} from './harness';

/**
 * The fault matrix of docs/reliability.md, one test per row, through the real nodes, the real AWS
 * SDK clients and the local emulator. Each row checks:
 * - the outcome: the fault was retried and every item answered, or every affected item carries
 *   a clear error (our message and the advice on what to change);
 * - every input item has its output item, in order, paired (Continue On Fail);
 * - the run ends within its time budget (no hang);
 * - no promise rejection went unhandled.
 * Everything the rows produce (items, thrown errors, console output) is swept for secrets last.
 */

type Expectation =
	/** Every item answered; the first call of `action` met the fault and was asked again. */
	| { outcome: 'retried'; action: string }
	/** Every item answered (no retry needed). */
	| { outcome: 'answered' }
	/**
	 * `failures` items (default: all) carry this error and advice; the others answered. The
	 * row is run once more without Continue On Fail, to check (and sweep) the thrown error.
	 */
	| { outcome: 'mapped'; error: RegExp; advice?: RegExp; code?: string; failures?: number };

interface Row {
	/** As in the table of docs/reliability.md. */
	name: string;
	faults?: FaultSpec[] | (() => Promise<FaultSpec[]>);
	run: RunSpec | (() => RunSpec | Promise<RunSpec>);
	expect: Expectation;
	/** Time budget in milliseconds; the run fails as hung past it. */
	budgetMs?: number;
}

const forever = { times: Infinity };
/** n8n's logger of every row: its lines join the secret sweep. */
const logger = new RecordingLogger();
const HUGE_ITERATIONS = 2 ** 31 - 1;
/** Cancels the execution 300 ms after the run starts. */
const cancelledSoon = (): AbortSignal => {
	const cancel = new AbortController();
	setTimeout(() => cancel.abort(), 300);
	return cancel.signal;
};
/** Read timeout of the rows that wait for a slow or stalled answer. */
const SHORT_READ = { readTimeout: 400 };
/** Two attempts instead of the default three where every attempt fails: the same path, faster. */
const TWO_ATTEMPTS = { maxAttempts: 2 };
/**
 * One attempt (Max Attempts 1) where AWS throttles every attempt: the retry itself is the
 * "once" row; after a 429 the SDK's adaptive mode paces the client for seconds.
 */
const ONE_ATTEMPT = { maxAttempts: 1 };

const STS = 'AssumeRole';
const RA = 'CreateSession';

const ADVICE = {
	transient: /usually temporary/,
	readTimeout: /Raise Read Timeout/,
	refused: /Check the endpoint override \(host and port\)/,
	closed: /check the proxy settings, firewalls/,
	unreadable: /proxy or firewall between n8n and AWS/,
	bedrockThrottle: /Raise Throttling Budget .* lower Max Concurrent Requests/,
	clock: /Sync the n8n host clock/,
};
const ERROR = {
	transient: /^AWS could not process the request right now$/,
	readTimeout: /^AWS did not answer in time$/,
	refused: /^The connection to AWS was refused$/,
	closed: /^The connection to AWS was closed unexpectedly$/,
	unreadable: /^AWS answered with something that could not be read$/,
};

const refusedEndpoint = async (field: string) => ({
	[field]: `http://127.0.0.1:${await closedPort()}`,
});

const ROWS: Row[] = [
	// ── Hardening, round two (issue 11) ──────────────────────────────────────────────────
	{
		name: 'Roles Anywhere key asking for 2³¹−1 PBKDF2 iterations',
		run: () => ({
			credential: 'rolesAnywhereEncrypted',
			data: { privateKey: withKeyIterations(encryptedKeyPem(), HUGE_ITERATIONS) },
		}),
		expect: {
			outcome: 'mapped',
			error: /^Private Key: asks for 2,147,483,647 key-derivation iterations; at most 100,000/,
			code: 'KeyDerivationTooCostly',
		},
		budgetMs: 3000,
	},
	{
		name: 'PKCS#12 bundle asking for 2³¹−1 MAC iterations',
		run: () => ({
			credential: 'rolesAnywherePkcs12',
			data: { pkcs12Bundle: bundleWithIterations(HUGE_ITERATIONS, 'mac') },
		}),
		expect: {
			outcome: 'mapped',
			error: /^PKCS#12 Bundle \(Base64\): asks for 2,147,483,647 key-derivation iterations/,
			code: 'KeyDerivationTooCostly',
		},
		budgetMs: 3000,
	},
	{
		name: 'STS that hangs, execution cancelled',
		faults: [{ action: STS, kind: 'delay', delayMs: 60_000, ...forever }],
		run: () => ({ credential: 'assumeRole', cancelSignal: cancelledSoon() }),
		// The run without Continue On Fail starts with the signal already fired: the SDK refuses
		// to send at all ("This operation was aborted"), before any credential is asked for.
		expect: {
			outcome: 'mapped',
			error: /cancelled while it waited for AWS credentials|^This operation was aborted$/,
		},
		budgetMs: 3000,
	},
	{
		name: 'AWS error message quoting the secret key',
		faults: [
			{
				action: 'Converse',
				kind: 'error',
				status: 400,
				code: 'ValidationException',
				message: `echo ${DEFAULT_USER.secretAccessKey} ${Buffer.from(DEFAULT_USER.secretAccessKey).toString('base64')}`,
				...forever,
			},
		],
		run: { credential: 'accessKeys' },
		expect: {
			outcome: 'mapped',
			error: /^echo \[redacted\] \[redacted\]$/,
			advice: /AWS names the parameter/,
			code: 'ValidationException',
		},
	},
	// ── STS AssumeRole ─────────────────────────────────────────────────────────────────────
	{
		name: 'STS throttling, once',
		faults: [{ action: STS, kind: 'throttle' }],
		run: { credential: 'assumeRole' },
		expect: { outcome: 'retried', action: STS },
	},
	{
		name: 'STS throttling, every attempt',
		faults: [{ action: STS, kind: 'throttle', ...forever }],
		run: { credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: /^AWS STS is throttling AssumeRole$/,
			advice: /Security Token Service/,
			code: 'Throttling',
		},
	},
	{
		name: 'STS 500, once',
		faults: [{ action: STS, kind: 'status500' }],
		run: { credential: 'assumeRole' },
		expect: { outcome: 'retried', action: STS },
	},
	{
		name: 'STS 503, every attempt',
		faults: [{ action: STS, kind: 'status503', ...forever }],
		run: { credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: ERROR.transient,
			advice: ADVICE.transient,
			code: 'ServiceUnavailable',
		},
	},
	{
		name: 'STS slow answer past the read timeout, once',
		faults: [{ action: STS, kind: 'delay', delayMs: 1500 }],
		run: { credential: 'assumeRole', data: SHORT_READ },
		expect: { outcome: 'retried', action: STS },
	},
	{
		name: 'STS slow answer past the read timeout, every attempt',
		faults: [{ action: STS, kind: 'delay', delayMs: 1500, ...forever }],
		run: { credential: 'assumeRole', data: SHORT_READ },
		expect: {
			outcome: 'mapped',
			error: ERROR.readTimeout,
			advice: ADVICE.readTimeout,
			code: 'TimeoutError',
		},
	},
	{
		name: 'STS connection refused',
		run: async () => ({ credential: 'assumeRole', data: await refusedEndpoint('stsEndpoint') }),
		expect: {
			outcome: 'mapped',
			error: ERROR.refused,
			advice: ADVICE.refused,
			code: 'ECONNREFUSED',
		},
	},
	{
		name: 'STS connection reset mid-body, once',
		faults: [{ action: STS, kind: 'reset' }],
		run: { credential: 'assumeRole' },
		expect: { outcome: 'retried', action: STS },
	},
	{
		name: 'STS connection reset mid-body, every attempt',
		faults: [{ action: STS, kind: 'reset', ...forever }],
		run: { credential: 'assumeRole' },
		expect: { outcome: 'mapped', error: ERROR.closed, advice: ADVICE.closed, code: 'ECONNRESET' },
	},
	{
		name: 'STS malformed XML',
		faults: [{ action: STS, kind: 'malformed', ...forever }],
		run: { credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: ERROR.unreadable,
			advice: ADVICE.unreadable,
			code: 'InvalidResponse',
		},
	},
	{
		name: 'STS empty credential set',
		faults: [{ action: STS, kind: 'emptyCredentials', ...forever }],
		run: { credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: ERROR.unreadable,
			advice: ADVICE.unreadable,
			code: 'InvalidResponse',
		},
	},

	{
		// Not a fault of AWS, but the advice of a refused AssumeRole must survive the Bedrock call
		// that asked for the credentials.
		name: 'STS refuses the role (wrong External ID), through a node',
		run: { credential: 'assumeRole', data: { externalId: 'not-the-external-id' } },
		expect: {
			outcome: 'mapped',
			error: /^STS refused to let the source identity assume the role$/,
			advice: /sts:ExternalId condition/,
			code: 'AccessDenied',
		},
	},

	// ── IAM Roles Anywhere CreateSession (PEM, encrypted PKCS#8 and PKCS#12 in turn) ───────
	{
		name: 'Roles Anywhere throttling, once',
		faults: [{ action: RA, kind: 'throttle' }],
		run: { credential: 'rolesAnywhere' },
		expect: { outcome: 'retried', action: RA },
	},
	{
		name: 'Roles Anywhere throttling, every attempt',
		faults: [{ action: RA, kind: 'throttle', ...forever }],
		run: { credential: 'rolesAnywhereEncrypted' },
		expect: {
			outcome: 'mapped',
			error: /^IAM Roles Anywhere is throttling CreateSession$/,
			advice: /Service Quotas > AWS services > IAM Roles Anywhere/,
			code: 'ThrottlingException',
		},
		budgetMs: 20_000,
	},
	{
		name: 'Roles Anywhere 500, once',
		faults: [{ action: RA, kind: 'status500' }],
		run: { credential: 'rolesAnywherePkcs12' },
		expect: { outcome: 'retried', action: RA },
	},
	{
		name: 'Roles Anywhere 503, every attempt',
		faults: [{ action: RA, kind: 'status503', ...forever }],
		run: { credential: 'rolesAnywhere' },
		expect: {
			outcome: 'mapped',
			error: ERROR.transient,
			advice: ADVICE.transient,
			code: 'ServiceUnavailableException',
		},
	},
	{
		name: 'Roles Anywhere slow answer past the read timeout, once',
		faults: [{ action: RA, kind: 'delay', delayMs: 1500 }],
		run: { credential: 'rolesAnywhereEncrypted', data: SHORT_READ },
		expect: { outcome: 'retried', action: RA },
	},
	{
		name: 'Roles Anywhere slow answer past the read timeout, every attempt',
		faults: [{ action: RA, kind: 'delay', delayMs: 1500, ...forever }],
		run: { credential: 'rolesAnywherePkcs12', data: SHORT_READ },
		expect: {
			outcome: 'mapped',
			error: ERROR.readTimeout,
			advice: ADVICE.readTimeout,
			code: 'TimeoutError',
		},
	},
	{
		name: 'Roles Anywhere connection refused',
		run: async () => ({
			credential: 'rolesAnywhere',
			data: await refusedEndpoint('rolesAnywhereEndpoint'),
		}),
		expect: {
			outcome: 'mapped',
			error: ERROR.refused,
			advice: ADVICE.refused,
			code: 'ECONNREFUSED',
		},
	},
	{
		name: 'Roles Anywhere connection reset mid-body, once',
		faults: [{ action: RA, kind: 'reset' }],
		run: { credential: 'rolesAnywhereEncrypted' },
		expect: { outcome: 'retried', action: RA },
	},
	{
		name: 'Roles Anywhere connection reset mid-body, every attempt',
		faults: [{ action: RA, kind: 'reset', ...forever }],
		run: { credential: 'rolesAnywherePkcs12' },
		expect: { outcome: 'mapped', error: ERROR.closed, advice: ADVICE.closed, code: 'ECONNRESET' },
	},
	{
		name: 'Roles Anywhere malformed JSON',
		faults: [{ action: RA, kind: 'malformed', ...forever }],
		run: { credential: 'rolesAnywhere' },
		expect: {
			outcome: 'mapped',
			error: ERROR.unreadable,
			advice: ADVICE.unreadable,
			code: 'InvalidResponse',
		},
	},
	{
		name: 'Roles Anywhere empty credential set',
		faults: [{ action: RA, kind: 'emptyCredentials', ...forever }],
		run: { credential: 'rolesAnywhereEncrypted' },
		expect: {
			outcome: 'mapped',
			error: ERROR.unreadable,
			advice: ADVICE.unreadable,
			code: 'InvalidResponse',
		},
	},

	// ── Bedrock Runtime ────────────────────────────────────────────────────────────────────
	{
		name: 'Bedrock 429 throttling, once',
		faults: [{ action: 'Converse', kind: 'throttle' }],
		run: { credential: 'assumeRole' },
		expect: { outcome: 'retried', action: 'Converse' },
	},
	{
		name: 'Bedrock 429 throttling, every attempt until the Throttling Budget (1 s) runs out',
		faults: [{ action: 'Converse', kind: 'throttle', ...forever }],
		run: { credential: 'assumeRole', options: { ...ONE_ATTEMPT, throttlingBudget: 1 } },
		expect: {
			outcome: 'mapped',
			error: /^AWS is throttling the requests: a quota was reached$/,
			advice: ADVICE.bedrockThrottle,
			code: 'ThrottlingException',
		},
	},
	{
		name: 'Bedrock 503, once',
		faults: [{ action: 'Converse', kind: 'status503' }],
		run: { credential: 'rolesAnywhere' },
		expect: { outcome: 'retried', action: 'Converse' },
	},
	{
		name: 'Bedrock 503, every attempt',
		faults: [{ action: 'Converse', kind: 'status503', ...forever }],
		run: { credential: 'accessKeys', options: TWO_ATTEMPTS },
		expect: {
			outcome: 'mapped',
			error: ERROR.transient,
			advice: ADVICE.transient,
			code: 'ServiceUnavailableException',
		},
	},
	{
		name: 'Bedrock ModelTimeoutException (408)',
		faults: [
			{
				action: 'Converse',
				kind: 'error',
				status: 408,
				code: 'ModelTimeoutException',
				message: 'Model has timed out in processing the request.',
				...forever,
			},
		],
		run: { credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: /^The model took too long to answer$/,
			advice: /streaming operation/,
			code: 'ModelTimeoutException',
		},
	},
	{
		name: 'Bedrock ModelNotReadyException (429), once',
		faults: [
			{
				action: 'Converse',
				kind: 'error',
				status: 429,
				code: 'ModelNotReadyException',
				message: 'Model is not ready to serve inference requests.',
			},
		],
		run: { credential: 'assumeRole' },
		expect: { outcome: 'retried', action: 'Converse' },
	},
	{
		name: 'Bedrock ModelNotReadyException (429), every attempt',
		faults: [
			{
				action: 'Converse',
				kind: 'error',
				status: 429,
				code: 'ModelNotReadyException',
				message: 'Model is not ready to serve inference requests.',
				...forever,
			},
		],
		run: { credential: 'assumeRole', options: ONE_ATTEMPT },
		expect: {
			outcome: 'mapped',
			error: /^The model is not ready to answer yet$/,
			advice: /warm-up/,
			code: 'ModelNotReadyException',
		},
	},
	{
		name: 'Bedrock ModelStreamErrorException mid-stream',
		faults: [{ action: 'ConverseStream', kind: 'streamException', afterEvents: 2 }],
		run: { credential: 'assumeRole', streaming: true },
		expect: {
			outcome: 'mapped',
			error: /^The model failed to process the request: /,
			advice: /input format/,
			code: 'ModelStreamErrorException',
			failures: 1,
		},
	},
	{
		name: 'Bedrock stream without its final event',
		faults: [{ action: 'ConverseStream', kind: 'streamTruncate', ...forever }],
		run: { credential: 'assumeRole', streaming: true },
		expect: {
			outcome: 'mapped',
			error: /^The response was cut off .*the answer is incomplete$/,
			advice: /Run the item again/,
		},
	},
	{
		name: 'Bedrock stream cut in the middle of an event',
		faults: [{ action: 'ConverseStream', kind: 'streamTruncate', midFrame: true, ...forever }],
		run: { credential: 'rolesAnywhere', streaming: true },
		expect: {
			outcome: 'mapped',
			error: /^The response was cut off \(the connection closed in the middle of an event\)/,
			advice: /Run the item again/,
		},
	},
	{
		name: 'Bedrock response body of 200 MB, length announced',
		faults: [
			{
				action: 'Converse',
				kind: 'oversized',
				bytes: 200 * 1024 * 1024,
				declareLength: true,
				...forever,
			},
		],
		run: { credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: /^The answer from AWS is larger than this node accepts$/,
			advice: /Max Tokens/,
			code: 'ResponseTooLarge',
		},
	},
	{
		name: 'Bedrock response body of 101 MB, length not announced',
		faults: [{ action: 'Converse', kind: 'oversized', bytes: 101 * 1024 * 1024, ...forever }],
		run: { credential: 'assumeRole', items: 1 },
		expect: {
			outcome: 'mapped',
			error: /^The answer from AWS is larger than this node accepts$/,
			advice: /Max Tokens/,
			code: 'ResponseTooLarge',
		},
		budgetMs: 30_000,
	},
	{
		name: 'Bedrock large response body under the limit (Converse: 7 MB of 8 MB)',
		faults: [{ action: 'Converse', kind: 'oversized', bytes: 7 * 1024 * 1024, ...forever }],
		run: { credential: 'assumeRole', items: 2 },
		expect: { outcome: 'answered' },
	},
	{
		name: 'Bedrock read that stalls (no answer), once',
		faults: [{ action: 'Converse', kind: 'delay', delayMs: 1500 }],
		run: { credential: 'assumeRole', data: SHORT_READ },
		expect: { outcome: 'retried', action: 'Converse' },
	},
	{
		name: 'Bedrock read that stalls (no answer), every attempt',
		faults: [{ action: 'Converse', kind: 'delay', delayMs: 1500, ...forever }],
		run: { credential: 'assumeRole', data: SHORT_READ, options: TWO_ATTEMPTS },
		expect: {
			outcome: 'mapped',
			error: ERROR.readTimeout,
			advice: ADVICE.readTimeout,
			code: 'TimeoutError',
		},
	},
	{
		name: 'Bedrock stream that stalls mid-answer',
		faults: [{ action: 'ConverseStream', kind: 'stall', afterEvents: 2, ...forever }],
		run: { credential: 'rolesAnywhere', data: SHORT_READ, streaming: true },
		expect: {
			outcome: 'mapped',
			error: ERROR.readTimeout,
			advice: ADVICE.readTimeout,
			code: 'TimeoutError',
		},
	},
	{
		name: 'Bedrock connection reset mid-body, every attempt',
		faults: [{ action: 'Converse', kind: 'reset', ...forever }],
		run: { credential: 'assumeRole', options: TWO_ATTEMPTS },
		expect: { outcome: 'mapped', error: ERROR.closed, advice: ADVICE.closed, code: 'ECONNRESET' },
	},
	{
		name: 'Bedrock malformed JSON',
		faults: [{ action: 'Converse', kind: 'malformed', ...forever }],
		run: { credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: ERROR.unreadable,
			advice: ADVICE.unreadable,
			code: 'InvalidResponse',
		},
	},
	{
		name: 'Bedrock connection refused',
		run: async () => ({
			credential: 'assumeRole',
			data: await refusedEndpoint('bedrockRuntimeEndpoint'),
			options: TWO_ATTEMPTS,
		}),
		expect: {
			outcome: 'mapped',
			error: ERROR.refused,
			advice: ADVICE.refused,
			code: 'ECONNREFUSED',
		},
	},
	// ── Amazon Bedrock API keys ───────────────────────────────────────────────────────────
	{
		name: 'Bedrock 429 throttling with an API key, once',
		faults: [{ action: 'Converse', kind: 'throttle' }],
		run: { credential: 'apiKey' },
		expect: { outcome: 'retried', action: 'Converse' },
	},
	{
		name: 'Bedrock 503 with a short-term API key, every attempt',
		faults: [{ action: 'Converse', kind: 'status503', ...forever }],
		run: { credential: 'apiKeyShortTerm', options: TWO_ATTEMPTS },
		expect: {
			outcome: 'mapped',
			error: ERROR.transient,
			advice: ADVICE.transient,
			code: 'ServiceUnavailableException',
		},
	},
	{
		name: 'Bedrock refuses the API key (revoked or unknown)',
		run: {
			credential: 'apiKey',
			data: {
				apiKey: `ABSK${Buffer.from('BedrockAPIKey-gone-at-111122223333:revoked/secret/0000=').toString('base64')}`,
			},
		},
		expect: {
			outcome: 'mapped',
			error: /^Bedrock does not accept the API key$/,
			advice: /Generate a new key in the Bedrock console/,
			code: 'UnrecognizedClientException',
		},
	},
	{
		name: 'API key on Invoke Agent: refused before any call',
		run: { node: 'agent', credential: 'apiKey' },
		expect: {
			outcome: 'mapped',
			error: /^An Amazon Bedrock API key cannot call Agents for Amazon Bedrock Runtime/,
			advice:
				/Amazon Bedrock \(Access Keys\) API, Amazon Bedrock \(Assume Role\) API or Amazon Bedrock \(IAM Roles Anywhere\) API/,
			code: 'ApiKeyNotAccepted',
		},
	},
	{
		name: 'Agent stream exception mid-answer (DependencyFailedException)',
		faults: [
			{
				action: 'InvokeAgent',
				kind: 'streamException',
				exceptionType: 'dependencyFailedException',
				afterEvents: 1,
				...forever,
			},
		],
		run: { node: 'agent', credential: 'assumeRole', streaming: true },
		expect: {
			outcome: 'mapped',
			error: /^A resource the agent depends on failed: /,
			advice: /action group Lambda/,
			code: 'DependencyFailedException',
		},
	},
	{
		name: 'Agent stream without its final event',
		faults: [{ action: 'InvokeAgent', kind: 'streamTruncate', afterEvents: 0, ...forever }],
		run: { node: 'agent', credential: 'rolesAnywhere' },
		expect: {
			outcome: 'mapped',
			error: /^The response was cut off .*the answer is incomplete$/,
			advice: /Run the item again/,
		},
	},
	{
		name: 'Knowledge base Retrieve and Generate throttled until the Throttling Budget (1 s) runs out',
		faults: [{ action: 'RetrieveAndGenerate', kind: 'throttle', ...forever }],
		run: {
			node: 'knowledgeBase',
			credential: 'accessKeys',
			options: { ...ONE_ATTEMPT, throttlingBudget: 1 },
		},
		expect: {
			outcome: 'mapped',
			error: /^AWS is throttling the requests: a quota was reached$/,
			advice: /Retrieve and RetrieveAndGenerate requests per second/,
			code: 'ThrottlingException',
		},
	},
	{
		name: 'Knowledge base stream exception mid-answer (ThrottlingException)',
		faults: [
			{
				action: 'RetrieveAndGenerateStream',
				kind: 'streamException',
				exceptionType: 'throttlingException',
				afterEvents: 2,
				...forever,
			},
		],
		run: { node: 'knowledgeBase', credential: 'rolesAnywhere', streaming: true },
		expect: {
			outcome: 'mapped',
			error: /^AWS is throttling the requests: a quota was reached$/,
			advice: /Max Concurrent Requests/,
			code: 'ThrottlingException',
		},
	},
	{
		name: 'Knowledge base stream without any output',
		faults: [
			{ action: 'RetrieveAndGenerateStream', kind: 'streamTruncate', afterEvents: 0, ...forever },
		],
		run: { node: 'knowledgeBase', credential: 'assumeRole', streaming: true },
		expect: {
			outcome: 'mapped',
			error: /^The response was cut off .*the answer is incomplete$/,
			advice: /Run the item again/,
		},
	},
	{
		name: 'Knowledge base malformed JSON',
		faults: [{ action: 'RetrieveAndGenerate', kind: 'malformed', ...forever }],
		run: { node: 'knowledgeBase', credential: 'assumeRole' },
		expect: {
			outcome: 'mapped',
			error: ERROR.unreadable,
			advice: ADVICE.unreadable,
			code: 'InvalidResponse',
		},
	},
];

describe('fault matrix', () => {
	const aws = useEmulator();
	const observed = new Observed();
	let restoreConsole: () => void;
	let rejections: ReturnType<typeof watchUnhandledRejections>;

	beforeAll(() => {
		restoreConsole = observed.captureConsole();
		rejections = watchUnhandledRejections();
	});
	afterAll(() => {
		rejections.stop();
		restoreConsole();
	});
	afterEach(() => {
		aws.emulator.setClock(undefined);
		aws.emulator.setSessionLifetime(undefined);
		// No promise rejection may go unhandled, in any row.
		expect(rejections.reasons).toEqual([]);
	});

	const injectAll = async (faults: Row['faults']) => {
		for (const fault of typeof faults === 'function' ? await faults() : (faults ?? []))
			aws.emulator.injectFault(fault);
	};

	function expectOutcome(out: INodeExecutionData[], expectation: Expectation) {
		const failed = out.filter((o) => o.json.error !== undefined);
		if (expectation.outcome !== 'mapped') {
			expect(failed.map((o) => o.json)).toEqual([]);
			if (expectation.outcome === 'retried') {
				const calls = aws.emulator.calls.filter((c) => c.action === expectation.action);
				expect(calls[0].fault).toBeDefined();
				expect(calls.some((c) => c.fault === undefined && (c.status ?? 0) < 300)).toBe(true);
			}
			return;
		}
		expect(failed).toHaveLength(expectation.failures ?? out.length);
		for (const { json } of failed) {
			expect(json.error).toMatch(expectation.error);
			if (expectation.advice) expect(json.description).toMatch(expectation.advice);
			if (expectation.code) expect(json.code).toBe(expectation.code);
		}
	}

	it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
		const spec = typeof row.run === 'function' ? await row.run() : row.run;
		await injectAll(row.faults);
		const out = await within(
			row.budgetMs ?? 15_000,
			runToOutput(aws.emulator, { ...spec, logger }),
		);
		observed.items(out);
		expectEveryItem(out, spec.items ?? 3);
		expectOutcome(out, row.expect);

		if (row.expect.outcome === 'mapped') {
			// Without Continue On Fail the same fault stops the node with an n8n error.
			aws.reset();
			await injectAll(row.faults);
			const thrown = await within(
				row.budgetMs ?? 15_000,
				runToOutput(aws.emulator, { ...spec, items: 1, continueOnFail: false, logger }).then(
					() => undefined,
					(error: unknown) => error,
				),
			);
			observed.error(thrown);
			expect(thrown instanceof NodeApiError || thrown instanceof NodeOperationError).toBe(true);
			expect((thrown as NodeApiError).message).toMatch(row.expect.error);
			if (row.expect.advice) {
				expect((thrown as NodeApiError).description).toMatch(row.expect.advice);
			}
			expect((thrown as NodeApiError).context.itemIndex).toBe(0);
		}
	});

	describe('clock skew of 10 minutes', () => {
		const TEN_MINUTES = 10 * 60 * 1000;
		const skew = (ms: number) => aws.emulator.setClock(() => new Date(Date.now() + ms));

		it.each([
			['STS ahead', 'assumeRole', TEN_MINUTES],
			['STS behind', 'assumeRole', -TEN_MINUTES],
			['Roles Anywhere ahead', 'rolesAnywhere', TEN_MINUTES],
			['Roles Anywhere behind', 'rolesAnywherePkcs12', -TEN_MINUTES],
		] as const)(
			'%s: recovered from the server time (SigV4 and the X.509 signature)',
			async (_name, credential, ms) => {
				skew(ms);
				const out = await within(15_000, runToOutput(aws.emulator, { credential }));
				observed.items(out);
				expectEveryItem(out, 3);
				expect(out.map((o) => o.json.error)).toEqual([undefined, undefined, undefined]);
				// The first signed call of each service was refused for its time, then signed anew.
				const auth = credential === 'assumeRole' ? STS : RA;
				for (const action of [auth, 'Converse']) {
					const calls = aws.emulator.calls.filter((c) => c.action === action);
					expect(calls[0]).toMatchObject({ status: 403 });
					expect(calls[0].errorCode).toMatch(
						/SignatureDoesNotMatch|InvalidSignatureException|AccessDeniedException/,
					);
					expect(calls.at(-1)?.status).toBeLessThan(300);
				}
			},
		);

		it('Bedrock with retries off: failed with advice naming the clock', async () => {
			skew(TEN_MINUTES);
			const out = await within(
				15_000,
				runToOutput(aws.emulator, {
					credential: 'accessKeys',
					items: 2,
					options: { maxAttempts: 1, maxConcurrency: 2 },
				}),
			);
			observed.items(out);
			expectEveryItem(out, 2);
			for (const { json } of out) {
				expect(json.error).toMatch(/clock is off/);
				expect(json.description).toMatch(ADVICE.clock);
			}
		});
	});

	describe('credentials that expire in 1 s during a long batch', () => {
		it.each([
			['STS', 'assumeRole', STS],
			['Roles Anywhere', 'rolesAnywhere', RA],
		] as const)(
			'%s: no Bedrock request goes out with an expired session',
			async (_name, credential, action) => {
				// AWS expirations are whole seconds and the emulator rounds down: 1.999 s gives every
				// session between 1 and 2 s of life. Each Converse answer takes 150 ms, two at a time.
				aws.emulator.setSessionLifetime(1.999);
				aws.emulator.injectFault({ action: 'Converse', kind: 'delay', delayMs: 150, ...forever });
				const items = 30;
				const out = await within(
					30_000,
					runToOutput(aws.emulator, { credential, items, options: { maxConcurrency: 2 } }),
				);
				observed.items(out);
				expectEveryItem(out, items);
				expect(out.filter((o) => o.json.error)).toEqual([]);

				const sessions = new Map(aws.emulator.issuedSessions.map((s) => [s.accessKeyId, s]));
				const converse = aws.emulator.calls.filter((c) => c.action === 'Converse');
				expect(converse).toHaveLength(items);
				for (const call of converse) {
					const session = sessions.get(call.accessKeyId ?? '');
					expect(session).toBeDefined();
					// Valid when the request arrived, and still when it was checked after the delay.
					expect(call.time.getTime()).toBeGreaterThanOrEqual(session!.issuedAt.getTime());
					expect(call.time.getTime() + 150).toBeLessThan(session!.expiration.getTime());
					expect(call.status).toBe(200);
				}
				// The batch outlived its sessions: new ones were fetched as it went.
				const span = converse.at(-1)!.time.getTime() - converse[0].time.getTime();
				expect(span).toBeGreaterThan(2000);
				expect(new Set(converse.map((c) => c.accessKeyId)).size).toBeGreaterThan(2);
				expect(aws.emulator.count(action)).toBeGreaterThan(2);
			},
		);
	});

	describe('secrets', () => {
		it('no secret is in anything the matrix produced, log lines included, plain, base64 or URL-encoded', () => {
			expect(logger.lines.length).toBeGreaterThan(20);
			expect(logger.lines.some((line) => line.level === 'debug')).toBe(true);
			observed.logs(logger);
			const haystack = observed.texts.join('\n');
			expect(haystack.length).toBeGreaterThan(50_000);
			const secrets = knownSecrets(aws.emulator);
			expect(aws.emulator.issuedSessions.length).toBeGreaterThan(20);
			for (const secret of secrets) {
				for (const form of secretForms(secret)) {
					if (haystack.includes(form))
						throw new Error(`a secret appeared in what users see: ${form.slice(0, 6)}…`);
				}
			}
		});
	});
});
