import { createHash, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import type { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider, HttpResponse } from '@smithy/types';

import { AuthError, CredentialValidationError } from './errors';
import { fromRolesAnywhere, resolveEndpoint, type RolesAnywhereInit } from './rolesAnywhere';
import { loadCertificateMaterial, type CertificateMaterial } from './x509';

const PKI = join(__dirname, '../../../test/fixtures/pki');
const pem = (file: string): string => readFileSync(join(PKI, file), 'utf8');

const CERT_TIME = new Date('2050-06-01T00:00:00Z');
const material = (name: string, chain: string[] = []): Promise<CertificateMaterial> =>
	loadCertificateMaterial(
		{
			certificatePem: pem(`${name}.cert.pem`),
			privateKeyPem: pem(`${name}.key.pem`),
			chainPem: chain.map((c) => pem(`${c}.cert.pem`)).join(''),
		},
		CERT_TIME,
	);
let RSA: CertificateMaterial;
beforeAll(async () => {
	RSA = await material('rsa', ['intermediate']);
});

const NOW = new Date('2026-03-01T10:20:30Z');
const ARNS = {
	trustAnchorArn:
		'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/11111111-2222-3333-4444-555555555555',
	profileArn:
		'arn:aws:rolesanywhere:us-east-1:123456789012:profile/66666666-7777-8888-9999-000000000000',
	roleArn: 'arn:aws:iam::123456789012:role/n8n-bedrock',
};
const ASSUMED_ROLE_ARN =
	'arn:aws:sts::123456789012:assumed-role/n8n-bedrock/2255086366373079713812';

/** A CreateSession answer shaped as in the API reference. */
const sessionBody = (expiration = '2026-03-01T11:20:30Z') =>
	JSON.stringify({
		credentialSet: [
			{
				assumedRoleUser: {
					arn: ASSUMED_ROLE_ARN,
					assumedRoleId: 'AROAEXAMPLEID:2255086366373079713812',
				},
				credentials: {
					accessKeyId: 'ASIAEXAMPLEKEYID',
					expiration,
					secretAccessKey: 'example/secret/access/key',
					sessionToken: 'example-session-token',
				},
				packedPolicySize: 0,
				roleArn: ARNS.roleArn,
				sourceIdentity: 'CN=rsa-leaf.test',
			},
		],
		subjectArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:subject/abcd',
	});

interface Canned {
	statusCode: number;
	headers?: Record<string, string>;
	body?: string;
}

/** Records each request and answers from a queue; bodies are streams, as NodeHttpHandler's. */
class FakeHandler {
	readonly requests: HttpRequest[] = [];
	constructor(readonly answers: Array<Canned | Error>) {}

	async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
		this.requests.push(request);
		const answer = this.answers.shift();
		if (!answer) throw new Error('no canned answer left');
		if (answer instanceof Error) throw answer;
		return {
			response: {
				statusCode: answer.statusCode,
				headers: answer.headers ?? {},
				body: Readable.from([Buffer.from(answer.body ?? '')]),
			},
		};
	}
}

const ok = (body = sessionBody()): Canned => ({
	statusCode: 201,
	headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': 'req-ok' },
	body,
});

function init(handler: FakeHandler, overrides: Partial<RolesAnywhereInit> = {}): RolesAnywhereInit {
	return {
		region: 'us-east-1',
		...ARNS,
		roleSessionName: 'n8n-workflow',
		durationSeconds: 3600,
		material: RSA,
		requestHandler: handler,
		now: () => NOW,
		...overrides,
	};
}

async function expectAuthError(promise: Promise<unknown>): Promise<AuthError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(AuthError);
	expect(error).not.toBeInstanceOf(CredentialValidationError);
	expect((error as AuthError).stage).toBe('authentication');
	return error as AuthError;
}

/** Recomputes the signature from the request as sent, with its own canonicalisation. */
function verifySignature(request: HttpRequest, m: CertificateMaterial, region: string): boolean {
	const auth = String(request.headers.authorization);
	const [, algorithm, credential, signedHeaders, signature] =
		/^(\S+) Credential=(\S+), SignedHeaders=(\S+), Signature=([0-9a-f]+)$/.exec(auth) ?? [];
	const [serial, ...scope] = credential.split('/');
	expect(serial).toBe(m.serialDecimal);
	expect(scope.slice(1)).toEqual([region, 'rolesanywhere', 'aws4_request']);
	const headers = signedHeaders.split(';');
	const canonical = [
		request.method,
		request.path,
		'',
		...headers.map((name) => `${name}:${request.headers[name]}`),
		'',
		signedHeaders,
		createHash('sha256').update(String(request.body)).digest('hex'),
	].join('\n');
	const toSign = [
		algorithm,
		request.headers['x-amz-date'],
		scope.join('/'),
		createHash('sha256').update(canonical).digest('hex'),
	].join('\n');
	return verify('sha256', Buffer.from(toSign), m.leaf.publicKey, Buffer.from(signature, 'hex'));
}

describe('fromRolesAnywhere', () => {
	it('is an AWS SDK credential provider and takes a NodeHttpHandler', () => {
		const provider: AwsCredentialIdentityProvider = fromRolesAnywhere(
			init(new FakeHandler([]), { requestHandler: new NodeHttpHandler() }),
		);
		expect(typeof provider).toBe('function');
	});

	it('calls CreateSession, signed with the certificate, and returns the session credentials', async () => {
		const handler = new FakeHandler([ok()]);
		const identity = await fromRolesAnywhere(init(handler))();

		expect(identity).toEqual({
			accessKeyId: 'ASIAEXAMPLEKEYID',
			secretAccessKey: 'example/secret/access/key',
			sessionToken: 'example-session-token',
			expiration: new Date('2026-03-01T11:20:30Z'),
			accountId: '123456789012',
			assumedRoleArn: ASSUMED_ROLE_ARN,
			principalArn: ASSUMED_ROLE_ARN,
		});
		expect(identity.expiration).toBeInstanceOf(Date);

		expect(handler.requests).toHaveLength(1);
		const [request] = handler.requests;
		expect(request).toMatchObject({
			method: 'POST',
			protocol: 'https:',
			hostname: 'rolesanywhere.us-east-1.amazonaws.com',
			path: '/sessions',
		});
		expect(JSON.parse(String(request.body))).toEqual({
			durationSeconds: 3600,
			profileArn: ARNS.profileArn,
			roleArn: ARNS.roleArn,
			trustAnchorArn: ARNS.trustAnchorArn,
			roleSessionName: 'n8n-workflow',
		});
		expect(request.headers).toMatchObject({
			'content-type': 'application/json',
			host: 'rolesanywhere.us-east-1.amazonaws.com',
			'x-amz-date': '20260301T102030Z',
			'x-amz-x509': RSA.leafDerBase64,
			'x-amz-x509-chain': RSA.chainDerBase64[0],
			'content-length': String(Buffer.byteLength(String(request.body))),
		});
		expect(request.headers.authorization).toMatch(
			/^AWS4-X509-RSA-SHA256 Credential=2255086366373079713812\/20260301\/us-east-1\/rolesanywhere\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain, Signature=[0-9a-f]+$/,
		);
		expect(verifySignature(request, RSA, 'us-east-1')).toBe(true);
	});

	it('signs with EC keys and leaves out roleSessionName and the chain when absent', async () => {
		const p384 = await material('p384');
		const handler = new FakeHandler([ok()]);
		await fromRolesAnywhere(
			init(handler, { material: p384, roleSessionName: undefined, region: 'eu-west-1' }),
		)();
		const [request] = handler.requests;
		expect(JSON.parse(String(request.body))).not.toHaveProperty('roleSessionName');
		expect(request.headers).not.toHaveProperty('x-amz-x509-chain');
		expect(request.hostname).toBe('rolesanywhere.eu-west-1.amazonaws.com');
		expect(String(request.headers.authorization)).toMatch(/^AWS4-X509-ECDSA-SHA256 Credential=/);
		expect(verifySignature(request, p384, 'eu-west-1')).toBe(true);
	});

	it('accepts an expiration in epoch seconds', async () => {
		const body = sessionBody().replace(
			'"2026-03-01T11:20:30Z"',
			String(Date.parse('2026-03-01T11:20:30Z') / 1000),
		);
		const identity = await fromRolesAnywhere(init(new FakeHandler([ok(body)])))();
		expect(identity.expiration).toEqual(new Date('2026-03-01T11:20:30Z'));
	});

	describe('endpoints', () => {
		it.each([
			[{ region: 'us-east-1' }, 'https://rolesanywhere.us-east-1.amazonaws.com/sessions'],
			[
				{ region: 'us-gov-west-1', useFips: true },
				'https://rolesanywhere-fips.us-gov-west-1.amazonaws.com/sessions',
			],
			[{ region: 'cn-north-1' }, 'https://rolesanywhere.cn-north-1.amazonaws.com.cn/sessions'],
			[
				{ region: 'us-east-1', endpoint: 'http://localhost:4566' },
				'http://localhost:4566/sessions',
			],
			[
				{ region: 'us-east-1', endpoint: 'https://proxy.example.com/ra/' },
				'https://proxy.example.com/ra/sessions',
			],
			[
				{ region: 'us-east-1', endpoint: 'https://proxy.example.com/ra' },
				'https://proxy.example.com/ra/sessions',
			],
		])('resolves %j to %s', (options, url) => {
			expect(resolveEndpoint(options).href).toBe(url);
		});

		it('sends to an endpoint override with its port in the Host header', async () => {
			const handler = new FakeHandler([ok()]);
			await fromRolesAnywhere(init(handler, { endpoint: 'http://127.0.0.1:4566/' }))();
			const [request] = handler.requests;
			expect(request).toMatchObject({
				protocol: 'http:',
				hostname: '127.0.0.1',
				port: 4566,
				path: '/sessions',
			});
			expect(request.headers.host).toBe('127.0.0.1:4566');
			expect(verifySignature(request, RSA, 'us-east-1')).toBe(true);
		});

		it('refuses an endpoint that is not an http(s) URL', () => {
			expect(() =>
				fromRolesAnywhere(init(new FakeHandler([]), { endpoint: 'rolesanywhere' })),
			).toThrow(CredentialValidationError);
			expect(() =>
				fromRolesAnywhere(init(new FakeHandler([]), { endpoint: 'ftp://x.example' })),
			).toThrow(/Roles Anywhere Endpoint: is not an http\(s\) URL/);
		});
	});

	describe('input validation, before any call', () => {
		it.each([899, 43201, 1.5, Number.NaN])(
			'refuses a duration of %p seconds',
			(durationSeconds) => {
				const handler = new FakeHandler([ok()]);
				let error: unknown;
				try {
					fromRolesAnywhere(init(handler, { durationSeconds }));
				} catch (e) {
					error = e;
				}
				expect(error).toBeInstanceOf(CredentialValidationError);
				expect(error).toMatchObject({ field: 'Session Duration', code: 'InvalidDuration' });
				expect((error as Error).message).toMatch(/^Session Duration: must be .* 900 .* 43200/);
				expect(handler.requests).toHaveLength(0);
			},
		);

		it.each([900, 43200])('accepts a duration of %p seconds', (durationSeconds) => {
			expect(() => fromRolesAnywhere(init(new FakeHandler([]), { durationSeconds }))).not.toThrow();
		});

		it.each(['a', 'x'.repeat(65), 'has space', 'slash/name', 'ünïcode'])(
			'refuses the role session name %p',
			(roleSessionName) => {
				expect(() => fromRolesAnywhere(init(new FakeHandler([]), { roleSessionName }))).toThrow(
					expect.objectContaining({ field: 'Role Session Name', code: 'InvalidRoleSessionName' }),
				);
			},
		);

		it.each(['ab', 'x'.repeat(64), 'n8n_session+=,.@-1'])(
			'accepts the role session name %p',
			(roleSessionName) => {
				expect(() =>
					fromRolesAnywhere(init(new FakeHandler([]), { roleSessionName })),
				).not.toThrow();
			},
		);

		it('refuses empty ARNs', () => {
			expect(() => fromRolesAnywhere(init(new FakeHandler([]), { roleArn: ' ' }))).toThrow(
				expect.objectContaining({ field: 'Role ARN', code: 'InvalidArn' }),
			);
		});

		it.each([42, undefined])('refuses an ARN that is not text (%p)', (roleArn) => {
			const handler = new FakeHandler([ok()]);
			expect(() =>
				fromRolesAnywhere(init(handler, { roleArn: roleArn as unknown as string })),
			).toThrow(expect.objectContaining({ field: 'Role ARN', code: 'InvalidArn' }));
			expect(handler.requests).toHaveLength(0);
		});

		it('sends the values it validated, whatever types its caller passed', async () => {
			// A caller outside TypeScript (an expression, JSON) may pass text where numbers belong.
			const handler = new FakeHandler([ok()]);
			await fromRolesAnywhere(
				init(handler, {
					durationSeconds: '3600' as unknown as number,
					roleArn: `  ${ARNS.roleArn}\n`,
					roleSessionName: 20260301 as unknown as string,
				}),
			)();
			const sent = JSON.parse(String(handler.requests[0].body)) as Record<string, unknown>;
			expect(sent.durationSeconds).toBe(3600);
			expect(sent.roleArn).toBe(ARNS.roleArn);
			expect(sent.roleSessionName).toBe('20260301');
		});
	});

	describe('errors', () => {
		it('maps an error answer to AuthError with code, request ID, status and the service message', async () => {
			const handler = new FakeHandler([
				{
					statusCode: 403,
					headers: {
						'x-amzn-ErrorType':
							'AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.rolesanywhere/',
						'x-amzn-RequestId': 'req-403',
						'Content-Type': 'application/json',
					},
					body: JSON.stringify({ message: 'Untrusted signing certificate.' }),
				},
			]);
			const error = await expectAuthError(fromRolesAnywhere(init(handler))());
			expect(error).toMatchObject({
				code: 'AccessDeniedException',
				requestId: 'req-403',
				httpStatus: 403,
			});
			expect(error.message).toBe(
				'IAM Roles Anywhere CreateSession failed with AccessDeniedException (HTTP 403): Untrusted signing certificate.',
			);
			expect(error.advice).toBeUndefined();
			expect(handler.requests).toHaveLength(1);
			// None of our request in the error.
			const everything = JSON.stringify({ ...error, message: error.message });
			expect(everything).not.toContain(RSA.leafDerBase64.slice(0, 40));
			expect(everything).not.toContain(
				String(handler.requests[0].headers.authorization).slice(-40),
			);
		});

		it('takes the code from the body when the header is missing', async () => {
			const handler = new FakeHandler([
				{
					statusCode: 400,
					headers: { 'x-amzn-requestid': 'req-400' },
					body: JSON.stringify({
						__type: 'com.amazonaws.rolesanywhere#ValidationException',
						Message: 'Bad duration',
					}),
				},
			]);
			const error = await expectAuthError(fromRolesAnywhere(init(handler))());
			expect(error).toMatchObject({
				code: 'ValidationException',
				requestId: 'req-400',
				httpStatus: 400,
			});
			expect(error.message).toMatch(/ValidationException \(HTTP 400\): Bad duration$/);
		});

		it('reports an answer without code or JSON as UnknownError with its status', async () => {
			const handler = new FakeHandler([{ statusCode: 502, body: '<html>Bad Gateway</html>' }]);
			const error = await expectAuthError(fromRolesAnywhere(init(handler))());
			expect(error).toMatchObject({ code: 'UnknownError', httpStatus: 502 });
			expect(error.message).not.toContain('<html>');
		});

		it.each([
			['a body that is not JSON', 'not json'],
			['an empty credentialSet', JSON.stringify({ credentialSet: [] })],
			['credentials without expiration', sessionBody().replace(/"expiration":"[^"]+",/, '')],
			['an unreadable expiration', sessionBody('tomorrow')],
		])('reports %s as InvalidResponse', async (_what, body) => {
			const error = await expectAuthError(fromRolesAnywhere(init(new FakeHandler([ok(body)])))());
			expect(error).toMatchObject({
				code: 'InvalidResponse',
				requestId: 'req-ok',
				httpStatus: 201,
			});
			expect(error.message).not.toContain('example/secret/access/key');
			expect(error.message).not.toContain('example-session-token');
		});

		it('wraps a network failure in AuthError with its code', async () => {
			const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), {
				code: 'ECONNREFUSED',
			});
			const error = await expectAuthError(
				fromRolesAnywhere(
					init(new FakeHandler([refused]), { endpoint: 'http://127.0.0.1:4566' }),
				)(),
			);
			expect(error.code).toBe('ECONNREFUSED');
			expect(error.message).toBe(
				'Could not reach IAM Roles Anywhere at 127.0.0.1:4566: connect ECONNREFUSED 127.0.0.1:4566',
			);
		});
	});

	describe('clock skew', () => {
		const SERVER_TIME = new Date(NOW.getTime() + 20 * 60 * 1000); // the server is 20 minutes ahead
		const skewed = (code: string, message: string, date = SERVER_TIME): Canned => ({
			statusCode: 403,
			headers: {
				'x-amzn-ErrorType': code,
				'x-amzn-RequestId': 'req-skew',
				Date: date.toUTCString(),
			},
			body: JSON.stringify({ message }),
		});

		it.each([
			[
				'InvalidSignatureException',
				'Signature expired: 20260301T102030Z is now earlier than 20260301T103530Z',
			],
			['AccessDeniedException', 'Signature expired: the request date is too old'],
			[
				'RequestTimeTooSkewed',
				'The difference between the request time and the current time is too large.',
			],
		])('retries once with the server time after %s', async (code, message) => {
			const handler = new FakeHandler([
				skewed(code, message),
				ok(sessionBody('2026-03-01T11:40:30Z')),
			]);
			const provider = fromRolesAnywhere(init(handler));
			const identity = await provider();

			expect(handler.requests).toHaveLength(2);
			expect(handler.requests[0].headers['x-amz-date']).toBe('20260301T102030Z');
			expect(handler.requests[1].headers['x-amz-date']).toBe('20260301T104030Z');
			expect(String(handler.requests[1].headers.authorization)).toContain('/20260301/us-east-1/');
			expect(verifySignature(handler.requests[1], RSA, 'us-east-1')).toBe(true);
			// The server's expiration, moved onto the local clock.
			expect(identity.expiration).toEqual(new Date('2026-03-01T11:20:30Z'));

			// The offset is remembered: the next call is right the first time.
			handler.answers.push(ok());
			await provider();
			expect(handler.requests).toHaveLength(3);
			expect(handler.requests[2].headers['x-amz-date']).toBe('20260301T104030Z');
		});

		it('corrects a clock that is ahead of the server (signature not yet current)', async () => {
			const behind = new Date(NOW.getTime() - 30 * 60 * 1000);
			const handler = new FakeHandler([
				skewed(
					'AccessDeniedException',
					'Signature not yet current: 20260301T102030Z is still later than 20260301T095530Z (20260301T095030Z + 5 min.)',
					behind,
				),
				ok(),
			]);
			await fromRolesAnywhere(init(handler))();
			expect(handler.requests.map((r) => r.headers['x-amz-date'])).toEqual([
				'20260301T102030Z',
				'20260301T095030Z',
			]);
		});

		it('retries only once', async () => {
			const handler = new FakeHandler([
				skewed('InvalidSignatureException', 'Signature expired'),
				skewed(
					'InvalidSignatureException',
					'Signature expired',
					new Date(SERVER_TIME.getTime() + 3600_000),
				),
			]);
			const error = await expectAuthError(fromRolesAnywhere(init(handler))());
			expect(handler.requests).toHaveLength(2);
			expect(error).toMatchObject({
				code: 'InvalidSignatureException',
				requestId: 'req-skew',
				httpStatus: 403,
			});
		});

		it('does not retry without a Date header, within five minutes, or for other errors', async () => {
			const noDate = skewed('InvalidSignatureException', 'Signature expired');
			delete noDate.headers?.Date;
			const cases: Canned[] = [
				noDate,
				skewed('InvalidSignatureException', 'Signature expired', new Date(NOW.getTime() + 60_000)),
				skewed('AccessDeniedException', 'Untrusted signing certificate.'),
			];
			for (const answer of cases) {
				const handler = new FakeHandler([answer, ok()]);
				await expectAuthError(fromRolesAnywhere(init(handler))());
				expect(handler.requests).toHaveLength(1);
			}
		});
	});
});

describe('fromRolesAnywhere: a certificate that expires while n8n runs', () => {
	it('is refused at signing time with "certificate expired", before any request', async () => {
		const handler = new FakeHandler([ok()]);
		const expiry = new Date(RSA.leaf.validTo);
		const provider = fromRolesAnywhere(
			init(handler, { now: () => new Date(expiry.getTime() + 1000) }),
		);
		const error = await provider().then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(CredentialValidationError);
		expect(error).toMatchObject({ code: 'CertificateExpired', field: 'Certificate' });
		expect((error as Error).message).toMatch(/certificate expired on \d{4}-/);
		expect(handler.requests).toHaveLength(0);
	});
});
