import { constants, createHash, sign, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	authorizationHeader,
	canonicalRequest,
	credentialScope,
	signature,
	signRequest,
	stringToSign,
	toAmzDate,
	x509Headers,
} from './rolesAnywhereSigning';
import { loadCertificateMaterial, type CertificateMaterial } from './x509';

const PKI = join(__dirname, '../../../test/fixtures/pki');
const pem = (file: string): string => readFileSync(join(PKI, file), 'utf8');
const der = (file: string): string =>
	pem(file)
		.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '')
		.trim();
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const material = (name: string, chain: string[] = []): Promise<CertificateMaterial> =>
	loadCertificateMaterial(
		{
			certificatePem: pem(`${name}.cert.pem`),
			privateKeyPem: pem(`${name}.key.pem`),
			chainPem: chain.map((c) => pem(`${c}.cert.pem`)).join(''),
		},
		new Date('2050-06-01T00:00:00Z'),
	);

// The date of the spec's example request.
const DATE = new Date('2021-11-03T12:00:00.789Z');
const AMZ_DATE = '20211103T120000Z';
const HOST = 'rolesanywhere.us-east-1.amazonaws.com';
const BODY =
	'{"durationSeconds":3600,"profileArn":"arn:aws:rolesanywhere:us-east-1:123456789012:profile/p","roleArn":"arn:aws:iam::123456789012:role/r","trustAnchorArn":"arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/t"}';

describe('signing steps', () => {
	it('formats the X-Amz-Date in UTC without separators or milliseconds', () => {
		expect(toAmzDate(DATE)).toBe(AMZ_DATE);
		expect(toAmzDate(new Date('2024-02-29T23:59:59Z'))).toBe('20240229T235959Z');
	});

	it('builds the credential scope for rolesanywhere', () => {
		expect(credentialScope(AMZ_DATE, 'eu-central-1')).toBe(
			'20211103/eu-central-1/rolesanywhere/aws4_request',
		);
	});

	// AWS SigV4 test suite, get-vanilla and post-vanilla: the canonicalisation is SigV4's.
	it.each([
		['GET', 'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63'],
		['POST', '553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87'],
	])('passes the AWS SigV4 %s-vanilla vector', (method, digest) => {
		const { canonicalRequest: creq, signedHeaders } = canonicalRequest(
			{
				method,
				path: '/',
				headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
				body: '',
			},
			'us-east-1',
		);
		expect(creq).toBe(
			[
				method,
				'/',
				'',
				'host:example.amazonaws.com',
				'x-amz-date:20150830T123600Z',
				'',
				'host;x-amz-date',
				'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
			].join('\n'),
		);
		expect(signedHeaders).toBe('host;x-amz-date');
		expect(
			stringToSign(
				'AWS4-HMAC-SHA256',
				'20150830T123600Z',
				'20150830/us-east-1/service/aws4_request',
				creq,
			),
		).toBe(
			`AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n${digest}`,
		);
	});

	it('sends the leaf as X-Amz-X509 and the intermediates comma-joined, in order, as X-Amz-X509-Chain', async () => {
		expect(x509Headers(await material('rsa', ['ca', 'intermediate']))).toEqual({
			'x-amz-x509': der('rsa.cert.pem'),
			'x-amz-x509-chain': `${der('intermediate.cert.pem')},${der('ca.cert.pem')}`,
		});
		expect(x509Headers(await material('p256'))).toEqual({ 'x-amz-x509': der('p256.cert.pem') });
	});

	it('formats the Authorization header', () => {
		expect(
			authorizationHeader({
				algorithm: 'AWS4-X509-ECDSA-SHA256',
				serialDecimal: '2255086366373079713813',
				scope: '20211103/us-east-1/rolesanywhere/aws4_request',
				signedHeaders: 'content-type;host;x-amz-date;x-amz-x509',
				signature: 'abc123',
			}),
		).toBe(
			'AWS4-X509-ECDSA-SHA256 Credential=2255086366373079713813/20211103/us-east-1/rolesanywhere/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-x509, Signature=abc123',
		);
	});

	it.each([
		['rsa', 'AWS4-X509-RSA-SHA256'],
		['p256', 'AWS4-X509-ECDSA-SHA256'],
		['p384', 'AWS4-X509-ECDSA-SHA256'],
	] as const)(
		'signs with the %s key so that the certificate verifies it',
		async (name, algorithm) => {
			const m = await material(name);
			expect(m.algorithm).toBe(algorithm);
			const toSign = `${algorithm}\n${AMZ_DATE}\nscope\n${sha256('x')}`;
			const hex = signature(toSign, m.privateKey, m.algorithm);
			const bytes = Buffer.from(hex, 'hex');
			expect(hex).toMatch(/^[0-9a-f]+$/);
			if (algorithm === 'AWS4-X509-RSA-SHA256') {
				expect(
					verify(
						'sha256',
						Buffer.from(toSign),
						{ key: m.leaf.publicKey, padding: constants.RSA_PKCS1_PADDING },
						bytes,
					),
				).toBe(true);
				// PKCS#1 v1.5 is deterministic, PSS would not be.
				expect(signature(toSign, m.privateKey, m.algorithm)).toBe(hex);
			} else {
				expect(bytes[0]).toBe(0x30); // DER SEQUENCE, not the raw r||s form
				expect(
					verify(
						'sha256',
						Buffer.from(toSign),
						{ key: m.leaf.publicKey, dsaEncoding: 'der' },
						bytes,
					),
				).toBe(true);
			}
			expect(verify('sha256', Buffer.from(`${toSign}!`), m.leaf.publicKey, bytes)).toBe(false);
		},
	);
});

describe('signRequest', () => {
	it('produces the exact canonical request, string to sign and Authorization header (RSA, with chain)', async () => {
		const m = await material('rsa', ['intermediate']);
		const signed = signRequest(
			{
				method: 'POST',
				host: HOST,
				path: '/sessions',
				contentType: 'application/json',
				body: BODY,
			},
			m,
			'us-east-1',
			DATE,
		);
		const expectedCanonical = [
			'POST',
			'/sessions',
			'',
			'content-type:application/json',
			`host:${HOST}`,
			`x-amz-date:${AMZ_DATE}`,
			`x-amz-x509:${der('rsa.cert.pem')}`,
			`x-amz-x509-chain:${der('intermediate.cert.pem')}`,
			'',
			'content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain',
			sha256(BODY),
		].join('\n');
		expect(signed.canonicalRequest).toBe(expectedCanonical);
		const expectedStringToSign = [
			'AWS4-X509-RSA-SHA256',
			AMZ_DATE,
			'20211103/us-east-1/rolesanywhere/aws4_request',
			sha256(expectedCanonical),
		].join('\n');
		expect(signed.stringToSign).toBe(expectedStringToSign);
		const expectedSignature = sign(
			'sha256',
			Buffer.from(expectedStringToSign),
			m.privateKey,
		).toString('hex');
		expect(signed.headers.authorization).toBe(
			'AWS4-X509-RSA-SHA256 Credential=2255086366373079713812/20211103/us-east-1/rolesanywhere/aws4_request, ' +
				'SignedHeaders=content-type;host;x-amz-date;x-amz-x509;x-amz-x509-chain, ' +
				`Signature=${expectedSignature}`,
		);
		expect(signed.headers).toEqual({
			'content-type': 'application/json',
			host: HOST,
			'x-amz-date': AMZ_DATE,
			'x-amz-x509': der('rsa.cert.pem'),
			'x-amz-x509-chain': der('intermediate.cert.pem'),
			authorization: signed.headers.authorization,
		});
	});

	it.each(['p256', 'p384'])(
		'signs without a chain header when there is no chain (%s)',
		async (name) => {
			const m = await material(name);
			const signed = signRequest(
				{
					method: 'POST',
					host: 'localhost:4566',
					path: '/sessions',
					contentType: 'application/json',
					body: BODY,
				},
				m,
				'eu-west-1',
				DATE,
			);
			expect(signed.headers['x-amz-x509-chain']).toBeUndefined();
			expect(signed.canonicalRequest).toBe(
				[
					'POST',
					'/sessions',
					'',
					'content-type:application/json',
					'host:localhost:4566',
					`x-amz-date:${AMZ_DATE}`,
					`x-amz-x509:${der(`${name}.cert.pem`)}`,
					'',
					'content-type;host;x-amz-date;x-amz-x509',
					sha256(BODY),
				].join('\n'),
			);
			const match =
				/^AWS4-X509-ECDSA-SHA256 Credential=(\d+)\/20211103\/eu-west-1\/rolesanywhere\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-x509, Signature=([0-9a-f]+)$/.exec(
					signed.headers.authorization,
				);
			expect(match?.[1]).toBe(m.serialDecimal);
			expect(
				verify(
					'sha256',
					Buffer.from(signed.stringToSign),
					m.leaf.publicKey,
					Buffer.from(match?.[2] ?? '', 'hex'),
				),
			).toBe(true);
		},
	);
});
