import { execFileSync } from 'node:child_process';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CredentialValidationError } from './errors';
import { loadCertificateMaterial, serialToDecimal, type CertificateInput } from './x509';

const PKI = join(__dirname, '../../../test/fixtures/pki');
const fixture = (name: string): string => readFileSync(join(PKI, name), 'utf8');
const cert = (name: string): string => fixture(`${name}.cert.pem`);
const key = (name: string): string => fixture(`${name}.key.pem`);

// After the roots' notBefore (the day generate.sh ran), before every notAfter but the expired one.
const NOW = new Date('2050-06-01T12:00:00Z');
const PASSPHRASE = 'correct horse battery staple 42';
const WRONG_PASSPHRASE = 'not-the-passphrase-9f2c';
const P12_PASSWORD = 'p12-test-password';
const P12 = fixture('rsa.p12.b64');

/** Base64 DER of a PEM certificate, read without node:crypto. */
const derBase64 = (pem: string): string =>
	pem
		.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
		.replace(/\s+/g, '')
		.trim();

/** Puts a character that is not base64 into the second line. */
const damage = (pem: string): string => {
	const lines = pem.split('\n');
	lines[1] = `${lines[1].slice(0, 10)}*${lines[1].slice(11)}`;
	return lines.join('\n');
};

/** Every key PEM a test hands over, so that the last test can look for its lines. */
const keyMaterial = new Set<string>();
const remember = (pem: string): string => {
	keyMaterial.add(pem);
	return pem;
};

const keyObject = (name: string): KeyObject => createPrivateKey(key(name));
const exportKey = (name: string, type: 'pkcs1' | 'sec1' | 'pkcs8', passphrase?: string): string =>
	remember(
		keyObject(name)
			.export({
				type,
				format: 'pem',
				...(passphrase ? { cipher: 'aes-256-cbc', passphrase } : {}),
			} as never)
			.toString(),
	);

/** Every error a test provoked, checked for secrets at the end. */
const errors: CredentialValidationError[] = [];

async function expectInvalid(
	input: CertificateInput,
	field: string,
	code: string,
	text?: RegExp,
	now: Date = NOW,
): Promise<CredentialValidationError> {
	let caught: unknown;
	try {
		await loadCertificateMaterial(input, now);
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(CredentialValidationError);
	const error = caught as CredentialValidationError;
	errors.push(error);
	expect({ field: error.field, code: error.code, stage: error.stage }).toEqual({
		field,
		code,
		stage: 'validation',
	});
	expect(error.message.startsWith(`${field}: `)).toBe(true);
	if (text) expect(error.message).toMatch(text);
	return error;
}

const hasOpenssl = (() => {
	try {
		execFileSync('openssl', ['version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
})();
const withOpenssl = hasOpenssl ? it : it.skip;

function openssl(args: string[], dir: string): void {
	execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

// ---------------------------------------------------------------------------------------------

const LEAVES = [
	{
		name: 'rsa',
		algorithm: 'AWS4-X509-RSA-SHA256',
		serial: '2255086366373079713812', // 0x7A3F9C2E41B5D08814: more than 64 bits
		issuer: 'intermediate',
		legacyType: 'pkcs1',
		legacyLabel: 'RSA PRIVATE KEY',
	},
	{
		name: 'p256',
		algorithm: 'AWS4-X509-ECDSA-SHA256',
		serial: '2255086366373079713813',
		issuer: 'ca',
		legacyType: 'sec1',
		legacyLabel: 'EC PRIVATE KEY',
	},
	{
		name: 'p384',
		algorithm: 'AWS4-X509-ECDSA-SHA256',
		serial: '2255086366373079713814',
		issuer: 'intermediate',
		legacyType: 'sec1',
		legacyLabel: 'EC PRIVATE KEY',
	},
] as const;

type Leaf = (typeof LEAVES)[number];

const ENCODINGS: Array<{ name: string; make: (leaf: Leaf) => Partial<CertificateInput> }> = [
	{ name: 'PKCS#8', make: (leaf) => ({ privateKeyPem: remember(key(leaf.name)) }) },
	{
		name: 'PKCS#1 / SEC1',
		make: (leaf) => ({ privateKeyPem: exportKey(leaf.name, leaf.legacyType) }),
	},
	{
		name: 'encrypted PKCS#8',
		make: (leaf) => ({
			privateKeyPem: exportKey(leaf.name, 'pkcs8', PASSPHRASE),
			passphrase: PASSPHRASE,
		}),
	},
	{
		name: 'legacy OpenSSL-encrypted PEM',
		make: (leaf) => ({
			privateKeyPem: exportKey(leaf.name, leaf.legacyType, PASSPHRASE),
			passphrase: PASSPHRASE,
		}),
	},
	{
		name: 'PKCS#8 with literal \\n, quotes and padding',
		make: (leaf) => ({
			certificatePem: `  "${cert(leaf.name).trim().replace(/\n/g, '\\n')}"  `,
			privateKeyPem: `\n  ${remember(key(leaf.name)).trim().replace(/\n/g, '\\n')}\n`,
		}),
	},
	{
		name: 'PKCS#8 joined on one line with spaces',
		make: (leaf) => ({
			certificatePem: cert(leaf.name).replace(/\n/g, ' '),
			privateKeyPem: remember(key(leaf.name)).replace(/\n/g, ' '),
		}),
	},
	{
		name: 'PKCS#8 with CRLF line ends',
		make: (leaf) => ({
			certificatePem: cert(leaf.name).replace(/\n/g, '\r\n'),
			privateKeyPem: remember(key(leaf.name)).replace(/\n/g, '\r\n'),
		}),
	},
];

describe('loadCertificateMaterial: PEM', () => {
	describe.each(LEAVES)('$name leaf', (leaf) => {
		it.each(ENCODINGS)('reads the key as $name, with and without chain', async ({ make }) => {
			for (const withChain of [false, true]) {
				const input: CertificateInput = {
					certificatePem: cert(leaf.name),
					...make(leaf),
					...(withChain ? { chainPem: cert(leaf.issuer) } : {}),
				};
				const material = await loadCertificateMaterial(input, NOW);
				expect(material.algorithm).toBe(leaf.algorithm);
				expect(material.serialDecimal).toBe(leaf.serial);
				expect(material.leafDerBase64).toBe(derBase64(cert(leaf.name)));
				expect(material.leaf.raw.toString('base64')).toBe(derBase64(cert(leaf.name)));
				expect(material.privateKey.type).toBe('private');
				expect(material.leaf.checkPrivateKey(material.privateKey)).toBe(true);
				const chain = withChain ? [derBase64(cert(leaf.issuer))] : [];
				expect(material.chainDerBase64).toEqual(chain);
				expect(material.chain.map((c) => c.raw.toString('base64'))).toEqual(chain);
			}
		});
	});

	it('puts a chain given root-first into leaf-first order', async () => {
		const material = await loadCertificateMaterial(
			{
				certificatePem: cert('rsa'),
				privateKeyPem: key('rsa'),
				chainPem: cert('ca') + cert('intermediate'),
			},
			NOW,
		);
		expect(material.chainDerBase64).toEqual([
			derBase64(cert('intermediate')),
			derBase64(cert('ca')),
		]);
	});

	it('takes extra certificates in the Certificate field (a full-chain file) as the chain', async () => {
		const material = await loadCertificateMaterial(
			{ certificatePem: cert('rsa') + cert('intermediate'), privateKeyPem: key('rsa') },
			NOW,
		);
		expect(material.leafDerBase64).toBe(derBase64(cert('rsa')));
		expect(material.chainDerBase64).toEqual([derBase64(cert('intermediate'))]);
	});

	it('drops duplicates and a copy of the leaf from the chain', async () => {
		const material = await loadCertificateMaterial(
			{
				certificatePem: cert('rsa'),
				privateKeyPem: key('rsa'),
				chainPem: cert('rsa') + cert('intermediate') + cert('intermediate'),
			},
			NOW,
		);
		expect(material.chainDerBase64).toEqual([derBase64(cert('intermediate'))]);
	});

	it('ignores a passphrase for a key that is not encrypted', async () => {
		const material = await loadCertificateMaterial(
			{ certificatePem: cert('p256'), privateKeyPem: key('p256'), passphrase: PASSPHRASE },
			NOW,
		);
		expect(material.algorithm).toBe('AWS4-X509-ECDSA-SHA256');
	});

	it('accepts a SEC1 key preceded by its EC PARAMETERS block', async () => {
		const params = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
		const material = await loadCertificateMaterial(
			{ certificatePem: cert('p256'), privateKeyPem: params + exportKey('p256', 'sec1') },
			NOW,
		);
		expect(material.algorithm).toBe('AWS4-X509-ECDSA-SHA256');
	});

	it('loads a certificate from an untrusted CA: trust is the service’s decision', async () => {
		const material = await loadCertificateMaterial(
			{ certificatePem: cert('untrusted'), privateKeyPem: key('untrusted') },
			NOW,
		);
		expect(material.algorithm).toBe('AWS4-X509-RSA-SHA256');
	});

	it('converts serial numbers of any length to decimal', () => {
		expect(serialToDecimal('7A3F9C2E41B5D08814')).toBe('2255086366373079713812');
		expect(serialToDecimal('01')).toBe('1');
		expect(serialToDecimal('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF')).toBe(
			(2n ** 160n - 1n).toString(),
		);
	});
});

describe('loadCertificateMaterial: PKCS#12', () => {
	it('opens the OpenSSL 3 (PBES2/AES) bundle with its password', async () => {
		const material = await loadCertificateMaterial(
			{ pkcs12Base64: P12, pkcs12Password: P12_PASSWORD },
			NOW,
		);
		expect(material.algorithm).toBe('AWS4-X509-RSA-SHA256');
		expect(material.serialDecimal).toBe('2255086366373079713812');
		// The DER survives node-forge byte for byte.
		expect(material.leafDerBase64).toBe(derBase64(cert('rsa')));
		expect(material.chainDerBase64).toEqual([derBase64(cert('intermediate'))]);
		expect(material.leaf.checkPrivateKey(material.privateKey)).toBe(true);
		const fixtureKey = keyObject('rsa').export({ type: 'pkcs8', format: 'der' });
		expect(material.privateKey.export({ type: 'pkcs8', format: 'der' })).toEqual(fixtureKey);
	});

	it('tolerates line breaks and literal \\n in the base64', async () => {
		const wrapped = (P12.trim().match(/.{1,76}/g) ?? []).join('\\n');
		const material = await loadCertificateMaterial(
			{ pkcs12Base64: `\n ${wrapped} \n`, pkcs12Password: P12_PASSWORD },
			NOW,
		);
		expect(material.serialDecimal).toBe('2255086366373079713812');
	});

	it('refuses a wrong password', async () => {
		await expectInvalid(
			{ pkcs12Base64: P12, pkcs12Password: WRONG_PASSPHRASE },
			'PKCS#12 Password',
			'WrongPkcs12Password',
			/does not open the bundle/,
		);
	});

	it('asks for the password when there is none', async () => {
		await expectInvalid(
			{ pkcs12Base64: P12 },
			'PKCS#12 Password',
			'Pkcs12PasswordRequired',
			/password-protected: enter its password/,
		);
		await expectInvalid(
			{ pkcs12Base64: P12, pkcs12Password: '' },
			'PKCS#12 Password',
			'Pkcs12PasswordRequired',
		);
	});

	it('refuses PEM, non-base64 and non-DER content', async () => {
		await expectInvalid(
			{ pkcs12Base64: cert('rsa') },
			'PKCS#12 Bundle (Base64)',
			'InvalidPkcs12',
			/PEM text, not a PKCS#12 bundle/,
		);
		await expectInvalid(
			{ pkcs12Base64: 'not base64 at all!' },
			'PKCS#12 Bundle (Base64)',
			'InvalidPkcs12',
			/not base64/,
		);
		await expectInvalid(
			{ pkcs12Base64: Buffer.from('hello world, no DER here').toString('base64') },
			'PKCS#12 Bundle (Base64)',
			'InvalidPkcs12',
		);
	});

	it('refuses a bundle together with PEM fields', async () => {
		await expectInvalid(
			{ pkcs12Base64: P12, pkcs12Password: P12_PASSWORD, certificatePem: cert('rsa') },
			'PKCS#12 Bundle (Base64)',
			'CertificateSourceConflict',
			/not both/,
		);
		await expectInvalid(
			{ pkcs12Base64: P12, privateKeyPem: remember(key('rsa')) },
			'PKCS#12 Bundle (Base64)',
			'CertificateSourceConflict',
		);
	});

	withOpenssl(
		'opens an EC P-384 bundle, a legacy (RC2/3DES) bundle and one without password',
		async () => {
			const dir = mkdtempSync(join(tmpdir(), 'x509-test-'));
			try {
				const base = ['pkcs12', '-export', '-in', join(PKI, 'p384.cert.pem')];
				openssl(
					[
						...base,
						'-inkey',
						join(PKI, 'p384.key.pem'),
						'-certfile',
						join(PKI, 'intermediate.cert.pem'),
						'-passout',
						`pass:${P12_PASSWORD}`,
						'-out',
						'ec.p12',
					],
					dir,
				);
				openssl(
					[
						'pkcs12',
						'-export',
						'-legacy',
						'-in',
						join(PKI, 'rsa.cert.pem'),
						'-inkey',
						join(PKI, 'rsa.key.pem'),
						'-passout',
						`pass:${P12_PASSWORD}`,
						'-out',
						'legacy.p12',
					],
					dir,
				);
				openssl(
					[
						'pkcs12',
						'-export',
						'-in',
						join(PKI, 'p256.cert.pem'),
						'-inkey',
						join(PKI, 'p256.key.pem'),
						'-passout',
						'pass:',
						'-out',
						'nopass.p12',
					],
					dir,
				);
				const b64 = (file: string) => readFileSync(join(dir, file)).toString('base64');

				const ec = await loadCertificateMaterial(
					{ pkcs12Base64: b64('ec.p12'), pkcs12Password: P12_PASSWORD },
					NOW,
				);
				expect(ec.algorithm).toBe('AWS4-X509-ECDSA-SHA256');
				expect(ec.leafDerBase64).toBe(derBase64(cert('p384')));
				expect(ec.chainDerBase64).toEqual([derBase64(cert('intermediate'))]);

				const legacy = await loadCertificateMaterial(
					{ pkcs12Base64: b64('legacy.p12'), pkcs12Password: P12_PASSWORD },
					NOW,
				);
				expect(legacy.leafDerBase64).toBe(derBase64(cert('rsa')));
				expect(legacy.chain).toEqual([]);

				const noPassword = await loadCertificateMaterial({ pkcs12Base64: b64('nopass.p12') }, NOW);
				expect(noPassword.leafDerBase64).toBe(derBase64(cert('p256')));
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
	);
});

describe('loadCertificateMaterial: validation', () => {
	it('asks for the certificate and the key', async () => {
		await expectInvalid(
			{},
			'Certificate',
			'CertificateMissing',
			/PEM certificate .*PKCS#12 bundle/,
		);
		await expectInvalid({ certificatePem: '   ' }, 'Certificate', 'CertificateMissing');
		await expectInvalid(
			{ certificatePem: cert('rsa') },
			'Private Key',
			'CertificateMissing',
			/is empty/,
		);
	});

	it('says what PEM it expected when the certificate does not parse', async () => {
		await expectInvalid(
			{ certificatePem: 'hello', privateKeyPem: remember(key('rsa')) },
			'Certificate',
			'InvalidPem',
			/expected -----BEGIN CERTIFICATE-----/,
		);
		await expectInvalid(
			{
				certificatePem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----',
				privateKeyPem: remember(key('rsa')),
			},
			'Certificate',
			'InvalidPem',
			/expected -----BEGIN CERTIFICATE----- but found -----BEGIN PUBLIC KEY-----/,
		);
		await expectInvalid(
			{
				certificatePem: cert('rsa').replace(/-----END CERTIFICATE-----/, ''),
				privateKeyPem: remember(key('rsa')),
			},
			'Certificate',
			'InvalidPem',
			/no matching -----END CERTIFICATE----- line/,
		);
		await expectInvalid(
			{ certificatePem: damage(cert('rsa')), privateKeyPem: remember(key('rsa')) },
			'Certificate',
			'InvalidPem',
			/damaged/,
		);
		await expectInvalid(
			{
				certificatePem: `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate').toString('base64')}\n-----END CERTIFICATE-----`,
				privateKeyPem: remember(key('rsa')),
			},
			'Certificate',
			'InvalidPem',
			/not a valid X\.509 certificate/,
		);
	});

	it('says what PEM it expected when the key does not parse', async () => {
		await expectInvalid(
			{ certificatePem: cert('rsa'), privateKeyPem: 'my key' },
			'Private Key',
			'InvalidPem',
			/expected -----BEGIN PRIVATE KEY----- \(PKCS#8\), -----BEGIN RSA PRIVATE KEY----- \(PKCS#1\), -----BEGIN EC PRIVATE KEY----- \(SEC1\) or -----BEGIN ENCRYPTED PRIVATE KEY-----/,
		);
		await expectInvalid(
			{
				certificatePem: cert('rsa'),
				privateKeyPem:
					'-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
			},
			'Private Key',
			'InvalidPem',
			/found -----BEGIN OPENSSH PRIVATE KEY-----/,
		);
		await expectInvalid(
			{
				certificatePem: cert('rsa'),
				privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${Buffer.from('garbage key bytes').toString('base64')}\n-----END PRIVATE KEY-----`,
			},
			'Private Key',
			'InvalidPem',
			/could not be read as a private key/,
		);
		await expectInvalid(
			{
				certificatePem: cert('rsa'),
				privateKeyPem: remember(key('rsa')) + remember(key('untrusted')),
			},
			'Private Key',
			'InvalidPem',
			/holds 2 private keys/,
		);
	});

	it('refuses a private key in the Certificate or Certificate Chain field', async () => {
		await expectInvalid(
			{ certificatePem: remember(key('rsa')), privateKeyPem: remember(key('rsa')) },
			'Certificate',
			'PemInWrongField',
			/holds a private key/,
		);
		await expectInvalid(
			{ certificatePem: cert('rsa') + remember(key('rsa')), privateKeyPem: remember(key('rsa')) },
			'Certificate',
			'PemInWrongField',
		);
		await expectInvalid(
			{
				certificatePem: cert('rsa'),
				privateKeyPem: remember(key('rsa')),
				chainPem: remember(key('intermediate')),
			},
			'Certificate Chain',
			'PemInWrongField',
		);
	});

	it('refuses a certificate in the Private Key field', async () => {
		await expectInvalid(
			{ certificatePem: cert('rsa'), privateKeyPem: cert('rsa') },
			'Private Key',
			'PemInWrongField',
			/holds a certificate, not a private key/,
		);
	});

	it('asks for the passphrase of an encrypted key', async () => {
		for (const privateKeyPem of [
			exportKey('rsa', 'pkcs8', PASSPHRASE),
			exportKey('rsa', 'pkcs1', PASSPHRASE),
			exportKey('p256', 'sec1', PASSPHRASE),
		]) {
			const name = privateKeyPem.includes('EC PRIVATE KEY') ? 'p256' : 'rsa';
			await expectInvalid(
				{ certificatePem: cert(name), privateKeyPem },
				'Passphrase',
				'PassphraseRequired',
				/the private key is encrypted: enter its passphrase/,
			);
		}
	});

	it('refuses a wrong passphrase', async () => {
		for (const privateKeyPem of [
			exportKey('rsa', 'pkcs8', PASSPHRASE),
			exportKey('rsa', 'pkcs1', PASSPHRASE),
		]) {
			await expectInvalid(
				{ certificatePem: cert('rsa'), privateKeyPem, passphrase: WRONG_PASSPHRASE },
				'Passphrase',
				'WrongPassphrase',
				/does not decrypt the private key/,
			);
		}
	});

	it('refuses a key that does not match the certificate', async () => {
		await expectInvalid(
			{ certificatePem: cert('rsa'), privateKeyPem: remember(key('untrusted')) },
			'Private Key',
			'KeyCertificateMismatch',
			/does not belong to the certificate "CN=rsa-leaf\.test" \(serial 2255086366373079713812\)/,
		);
		await expectInvalid(
			{ certificatePem: cert('p256'), privateKeyPem: remember(key('p384')) },
			'Private Key',
			'KeyCertificateMismatch',
		);
		await expectInvalid(
			{ certificatePem: cert('rsa'), privateKeyPem: remember(key('p256')) },
			'Private Key',
			'KeyCertificateMismatch',
		);
	});

	it('refuses an expired certificate, giving its dates', async () => {
		await expectInvalid(
			{ certificatePem: cert('expired'), privateKeyPem: remember(key('expired')) },
			'Certificate',
			'CertificateExpired',
			/"CN=expired-leaf\.test" \(serial \d+\) expired on 2021-01-01T00:00:00Z \(valid from 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z\)/,
		);
		// The same certificate while it was valid.
		const material = await loadCertificateMaterial(
			{ certificatePem: cert('expired'), privateKeyPem: key('expired') },
			new Date('2020-06-01T00:00:00Z'),
		);
		expect(material.algorithm).toBe('AWS4-X509-RSA-SHA256');
	});

	it('refuses a certificate that is not yet valid, giving its dates', async () => {
		await expectInvalid(
			{ certificatePem: cert('future'), privateKeyPem: remember(key('future')) },
			'Certificate',
			'CertificateNotYetValid',
			/is not valid before 2090-01-01T00:00:00Z \(valid from 2090-01-01T00:00:00Z to 2100-01-01T00:00:00Z\)/,
		);
	});

	it('refuses an RSA key under 2048 bits, saying what it found', async () => {
		await expectInvalid(
			{ certificatePem: cert('rsa1024'), privateKeyPem: remember(key('rsa1024')) },
			'Certificate',
			'UnsupportedKeyType',
			/has an unsupported key \(1024-bit RSA\): IAM Roles Anywhere accepts RSA keys of 2048 bits or more and EC P-256 or P-384 keys/,
		);
	});

	withOpenssl('refuses EC P-521 and Ed25519 certificates, saying what it found', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'x509-test-'));
		try {
			openssl(
				['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521', '-out', 'p521.key'],
				dir,
			);
			openssl(['genpkey', '-algorithm', 'ED25519', '-out', 'ed.key'], dir);
			for (const name of ['p521', 'ed']) {
				openssl(
					[
						'req',
						'-new',
						'-x509',
						'-key',
						`${name}.key`,
						'-subj',
						`/CN=${name}`,
						'-days',
						'2',
						'-out',
						`${name}.crt`,
					],
					dir,
				);
			}
			const read = (file: string) => readFileSync(join(dir, file), 'utf8');
			await expectInvalid(
				{ certificatePem: read('p521.crt'), privateKeyPem: remember(read('p521.key')) },
				'Certificate',
				'UnsupportedKeyType',
				/has an unsupported key \(EC P-521\)/,
				new Date(),
			);
			await expectInvalid(
				{ certificatePem: read('ed.crt'), privateKeyPem: remember(read('ed.key')) },
				'Certificate',
				'UnsupportedKeyType',
				/has an unsupported key \(Ed25519\)/,
				new Date(),
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses a chain certificate that is not a CA', async () => {
		await expectInvalid(
			{ certificatePem: cert('rsa'), privateKeyPem: remember(key('rsa')), chainPem: cert('p256') },
			'Certificate Chain',
			'InvalidCertificateChain',
			/"CN=p256-leaf\.test" \(serial \d+\) is not a CA certificate/,
		);
	});

	it('refuses a chain certificate that does not chain', async () => {
		await expectInvalid(
			{
				certificatePem: cert('rsa'),
				privateKeyPem: remember(key('rsa')),
				chainPem: cert('other-ca'),
			},
			'Certificate Chain',
			'InvalidCertificateChain',
			/"CN=Untrusted Test Root CA" \(serial \d+\) does not chain to "CN=rsa-leaf\.test"/,
		);
		// The root alone, without the intermediate between it and the leaf.
		await expectInvalid(
			{ certificatePem: cert('rsa'), privateKeyPem: remember(key('rsa')), chainPem: cert('ca') },
			'Certificate Chain',
			'InvalidCertificateChain',
			/does not chain/,
		);
	});

	it('never puts a passphrase, password or line of key material in an error', () => {
		expect(errors.length).toBeGreaterThan(30);
		const secrets = [PASSPHRASE, WRONG_PASSPHRASE, P12_PASSWORD];
		const keyLines = [...keyMaterial].flatMap((pem) =>
			pem
				.split(/\r?\n|\\n| /)
				.map((line) => line.trim())
				.filter((line) => line.length >= 16 && !line.includes('-----')),
		);
		expect(keyLines.length).toBeGreaterThan(100);
		for (const error of errors) {
			const everything = [error.message, error.stack ?? '', JSON.stringify({ ...error })].join(
				'\n',
			);
			for (const secret of [...secrets, ...keyLines]) {
				expect(everything.includes(secret)).toBe(false);
			}
		}
	});
});
