import { createHash, sign as cryptoSign, X509Certificate } from 'node:crypto';

import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

import { runtimeClient, stsClient } from './clients';
import {
	DEFAULT_PROFILE_ARN,
	DEFAULT_ROLE_ARN,
	DEFAULT_TRUST_ANCHOR_ARN,
	pkiPem,
	startEmulator,
	type Emulator,
} from './index';

// ---- A minimal Roles Anywhere signer, only to exercise the emulator's verifier --------------

const derB64 = (pem: string) => new X509Certificate(pem).raw.toString('base64');
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const amzDate = (d: Date) =>
	d
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');

/** CreateSession's answer: the credential set, or an error message. */
interface CreateSessionJson {
	message?: string;
	subjectArn?: string;
	credentialSet?: {
		credentials: {
			accessKeyId: string;
			secretAccessKey: string;
			sessionToken: string;
			expiration: string;
		};
		[field: string]: unknown;
	}[];
}

interface SignInit {
	cert: string;
	key: string;
	chain?: string[];
	body: Record<string, unknown>;
	date?: Date;
	serial?: string;
	algorithm?: string;
	/** Changes the body after signing. */
	tamper?: (body: string) => string;
	/** Leaves these headers out of SignedHeaders. */
	unsigned?: string[];
}

async function createSession(emulator: Emulator, init: SignInit) {
	const cert = new X509Certificate(pkiPem(init.cert));
	const keyPem = pkiPem(init.key);
	const algorithm =
		init.algorithm ??
		(cert.publicKey.asymmetricKeyType === 'ec' ? 'AWS4-X509-ECDSA-SHA256' : 'AWS4-X509-RSA-SHA256');
	const date = amzDate(init.date ?? new Date());
	const body = JSON.stringify(init.body);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		host: new URL(emulator.url).host,
		'x-amz-date': date,
		'x-amz-x509': cert.raw.toString('base64'),
	};
	if (init.chain) headers['x-amz-x509-chain'] = init.chain.map((c) => derB64(pkiPem(c))).join(',');
	const signed = Object.keys(headers)
		.filter((h) => !init.unsigned?.includes(h))
		.sort();
	const canonical = [
		'POST',
		'/sessions',
		'',
		signed.map((h) => `${h}:${headers[h]}\n`).join(''),
		signed.join(';'),
		sha256(body),
	].join('\n');
	const scope = `${date.slice(0, 8)}/us-east-1/rolesanywhere/aws4_request`;
	const toSign = [algorithm, date, scope, sha256(canonical)].join('\n');
	const signature = cryptoSign('sha256', Buffer.from(toSign), keyPem).toString('hex');
	const serial = init.serial ?? BigInt('0x' + cert.serialNumber).toString(10);
	const sent = { ...headers };
	delete sent.host; // fetch sets it
	const response = await fetch(`${emulator.url}/sessions`, {
		method: 'POST',
		headers: {
			...sent,
			authorization: `${algorithm} Credential=${serial}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
		},
		body: init.tamper ? init.tamper(body) : body,
	});
	return {
		status: response.status,
		errorType: response.headers.get('x-amzn-errortype'),
		requestId: response.headers.get('x-amzn-requestid'),
		json: (await response.json()) as CreateSessionJson,
	};
}

const request = (extra: Record<string, unknown> = {}) => ({
	profileArn: DEFAULT_PROFILE_ARN,
	roleArn: DEFAULT_ROLE_ARN,
	trustAnchorArn: DEFAULT_TRUST_ANCHOR_ARN,
	...extra,
});

const RSA = { cert: 'rsa.cert.pem', key: 'rsa.key.pem', chain: ['intermediate.cert.pem'] };
const P256 = { cert: 'p256.cert.pem', key: 'p256.key.pem' };
const P384 = { cert: 'p384.cert.pem', key: 'p384.key.pem', chain: ['intermediate.cert.pem'] };

describe('emulator: IAM Roles Anywhere CreateSession', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({
			profiles: [
				{ arn: DEFAULT_PROFILE_ARN, roleArns: [DEFAULT_ROLE_ARN], acceptRoleSessionName: true },
				{
					arn: 'arn:aws:rolesanywhere:us-east-1:111122223333:profile/strict',
					roleArns: [DEFAULT_ROLE_ARN],
					durationSeconds: 1800,
				},
			],
		});
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset();
		emulator.setClock(undefined);
		emulator.setSessionLifetime(undefined);
	});

	test('RSA leaf with its intermediate: 201 with the documented response shape', async () => {
		const res = await createSession(emulator, { ...RSA, body: request({ durationSeconds: 1200 }) });
		expect(res.status).toBe(201);
		const leaf = new X509Certificate(pkiPem('rsa.cert.pem'));
		const [set] = res.json.credentialSet!;
		expect(Object.keys(res.json).sort()).toEqual(['credentialSet', 'subjectArn']);
		expect(res.json.subjectArn).toMatch(
			/^arn:aws:rolesanywhere:us-east-1:111122223333:subject\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
		);
		expect(set).toEqual({
			assumedRoleUser: {
				arn: `arn:aws:sts::111122223333:assumed-role/BedrockInvoker/${leaf.serialNumber.toLowerCase()}`,
				assumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:/),
			},
			credentials: {
				accessKeyId: expect.stringMatching(/^ASIA/),
				secretAccessKey: expect.any(String),
				sessionToken: expect.any(String),
				expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
			},
			packedPolicySize: 0,
			roleArn: DEFAULT_ROLE_ARN,
			sourceIdentity: 'CN=rsa-leaf.test',
		});
		const lifetime = Date.parse(set.credentials.expiration) - Date.now();
		expect(lifetime).toBeGreaterThan(1190_000);
		expect(lifetime).toBeLessThanOrEqual(1200_000);
		expect(emulator.calls[0]).toMatchObject({
			service: 'rolesanywhere',
			action: 'CreateSession',
			accessKeyId: BigInt('0x' + leaf.serialNumber).toString(10),
			principalArn: res.json.subjectArn,
			status: 201,
		});
		expect(res.requestId).toBe(emulator.calls[0].requestId);
	});

	test('the credentials it hands out work for GetCallerIdentity and Converse', async () => {
		const res = await createSession(emulator, {
			...P256,
			body: request({ roleSessionName: 'edge-01' }),
		});
		const c = res.json.credentialSet![0].credentials;
		const credentials = {
			accessKeyId: c.accessKeyId,
			secretAccessKey: c.secretAccessKey,
			sessionToken: c.sessionToken,
		};
		const who = await stsClient(emulator, { credentials }).send(new GetCallerIdentityCommand({}));
		expect(who.Arn).toBe('arn:aws:sts::111122223333:assumed-role/BedrockInvoker/edge-01');
		const out = await runtimeClient(emulator, { credentials }).send(
			new ConverseCommand({
				modelId: 'amazon.nova-micro-v1:0',
				messages: [{ role: 'user', content: [{ text: 'ping' }] }],
			}),
		);
		expect(out.output?.message?.content?.[0].text).toBe('Echo: ping');
		expect(emulator.issuedSessions.at(-1)).toMatchObject({
			source: 'CreateSession',
			roleSessionName: 'edge-01',
		});
	});

	test.each([
		['P-256 leaf straight from the CA', P256],
		['P-384 leaf with its intermediate', P384],
	])('%s succeeds', async (_name, cert) => {
		const res = await createSession(emulator, { ...cert, body: request() });
		expect(res.status).toBe(201);
	});

	test.each([
		[
			'a certificate from an untrusted CA',
			{ cert: 'untrusted.cert.pem', key: 'untrusted.key.pem' },
			'Untrusted Signing Certificate',
		],
		[
			'the RSA leaf without its intermediate',
			{ cert: 'rsa.cert.pem', key: 'rsa.key.pem' },
			'Untrusted Signing Certificate',
		],
		[
			'an expired certificate',
			{ cert: 'expired.cert.pem', key: 'expired.key.pem' },
			'Certificate expired',
		],
		[
			'a not yet valid certificate',
			{ cert: 'future.cert.pem', key: 'future.key.pem' },
			'Certificate not yet valid',
		],
		[
			'a 1024-bit RSA key',
			{ cert: 'rsa1024.cert.pem', key: 'rsa1024.key.pem' },
			'Untrusted Signing Certificate',
		],
		[
			'a key that is not the certificate key',
			{ ...RSA, key: 'untrusted.key.pem' },
			'Invalid signature',
		],
		[
			'a serial that is not the certificate serial',
			{ ...RSA, serial: '12345' },
			'Invalid signature',
		],
		[
			'an algorithm that does not fit the key',
			{ ...RSA, algorithm: 'AWS4-X509-ECDSA-SHA256' },
			'Invalid signature',
		],
		[
			'a body changed after signing',
			{ ...RSA, tamper: (b: string) => b.replace('BedrockInvoker', 'BedrockInvokes') },
			'Invalid signature',
		],
		['an unsigned X-Amz-X509 header', { ...RSA, unsigned: ['x-amz-x509'] }, 'Invalid signature'],
		[
			'an unsigned X-Amz-X509-Chain header',
			{ ...RSA, unsigned: ['x-amz-x509-chain'] },
			'Invalid signature',
		],
	])('%s is 403 AccessDeniedException', async (_name, init, message) => {
		const res = await createSession(emulator, { ...init, body: request() });
		expect(res.status).toBe(403);
		expect(res.errorType).toBe('AccessDeniedException');
		expect(res.json).toEqual({ message });
	});

	test('a signature date far from the server clock is refused', async () => {
		emulator.setClock(() => new Date(Date.now() + 10 * 60 * 1000));
		const res = await createSession(emulator, { ...RSA, body: request() });
		expect(res.status).toBe(403);
		expect(res.json.message).toMatch(/^Signature expired: /);
	});

	test('certificate validity follows the server clock', async () => {
		// future.cert.pem is valid 2090-2100, inside the CA's 100 years.
		const inValidity = new Date('2095-06-01T00:00:00Z');
		emulator.setClock(() => inValidity);
		const res = await createSession(emulator, {
			cert: 'future.cert.pem',
			key: 'future.key.pem',
			date: inValidity,
			body: request(),
		});
		expect(res.status).toBe(201);
		// ...and the expiration never outlives the certificate.
		emulator.setClock(() => new Date('2099-12-31T23:30:00Z'));
		const late = await createSession(emulator, {
			cert: 'future.cert.pem',
			key: 'future.key.pem',
			date: new Date('2099-12-31T23:30:00Z'),
			body: request(),
		});
		expect(late.json.credentialSet![0].credentials.expiration).toBe(
			new Date(new X509Certificate(pkiPem('future.cert.pem')).validTo)
				.toISOString()
				.replace('.000Z', 'Z'),
		);
	});

	test('roleSessionName needs a profile that accepts it', async () => {
		const res = await createSession(emulator, {
			...RSA,
			body: request({
				profileArn: 'arn:aws:rolesanywhere:us-east-1:111122223333:profile/strict',
				roleSessionName: 'mine',
			}),
		});
		expect(res.status).toBe(403);
		expect(res.errorType).toBe('AccessDeniedException');
		expect(res.json.message).toBe('Not authorized to set roleSessionName.');
	});

	test('durations: 900..43200 and no more than the profile allows', async () => {
		const strict = 'arn:aws:rolesanywhere:us-east-1:111122223333:profile/strict';
		const tooShort = await createSession(emulator, {
			...RSA,
			body: request({ durationSeconds: 600 }),
		});
		expect(tooShort.status).toBe(400);
		expect(tooShort.errorType).toBe('ValidationException');
		const overProfile = await createSession(emulator, {
			...RSA,
			body: request({ profileArn: strict, durationSeconds: 3600 }),
		});
		expect(overProfile.status).toBe(400);
		expect(overProfile.json.message).toContain('1800');
		const fits = await createSession(emulator, { ...RSA, body: request({ profileArn: strict }) });
		expect(fits.status).toBe(201);
	});

	test('the role must be listed by the profile; profile and anchor must exist', async () => {
		const role = await createSession(emulator, {
			...RSA,
			body: request({ roleArn: 'arn:aws:iam::111122223333:role/Other' }),
		});
		expect(role.status).toBe(403);
		expect(role.json.message).toBe(
			'Unable to assume role for arn:aws:iam::111122223333:role/Other',
		);
		const profile = await createSession(emulator, {
			...RSA,
			body: request({ profileArn: 'arn:aws:rolesanywhere:us-east-1:111122223333:profile/none' }),
		});
		expect(profile.status).toBe(404);
		expect(profile.errorType).toBe('ResourceNotFoundException');
		const anchor = await createSession(emulator, {
			...RSA,
			body: request({
				trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/none',
			}),
		});
		expect(anchor.status).toBe(404);
		const missing = await createSession(emulator, {
			...RSA,
			body: { profileArn: DEFAULT_PROFILE_ARN },
		});
		expect(missing.status).toBe(400);
		expect(missing.errorType).toBe('ValidationException');
	});

	test('sessionLifetimeSeconds shortens the session', async () => {
		emulator.setSessionLifetime(60);
		const res = await createSession(emulator, { ...RSA, body: request() });
		const lifetime = Date.parse(res.json.credentialSet![0].credentials.expiration) - Date.now();
		expect(lifetime).toBeLessThanOrEqual(60_000);
	});

	test('a request without Authorization is refused before anything else', async () => {
		const response = await fetch(`${emulator.url}/sessions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(request()),
		});
		expect(response.status).toBe(400);
		expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
	});
});
