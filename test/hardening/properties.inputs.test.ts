import fc from 'fast-check';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { mapOutput, OutputMappingError } from '../../nodes/BedrockGenerate/outputMapping';
import { renderTemplate, TemplateError } from '../../nodes/BedrockGenerate/template';
import { CredentialValidationError } from '../../nodes/shared/auth/errors';
import { loadCertificateMaterial, type CertificateInput } from '../../nodes/shared/auth/x509';
import {
	cacheKeyOf,
	toConnectionConfig,
	type CredentialTypeName,
} from '../../nodes/shared/auth/connection';
import { REGION_PATTERN } from '../../nodes/shared/transport/regions';
import {
	DEFAULT_EXTERNAL_ID,
	DEFAULT_PROFILE_ARN,
	DEFAULT_ROLE_ARN,
	DEFAULT_TRUST_ANCHOR_ARN,
	DEFAULT_USER,
	pkiPem,
} from '../emulator';

/**
 * Hostile input, generated: whatever arrives, each parser gives a result or its own error with a
 * message; never another exception, a hang, or code run from the input. Runs are bounded so the
 * suite stays fast; a failure prints the seed and the shrunk counterexample to replay.
 */

/** Set by any script that gets to run; must stay unset. */
const PWNED = '__hardeningPwned';
const pwned = () => (globalThis as Record<string, unknown>)[PWNED];
const SCRIPT = `globalThis.${PWNED}=1`;

/** Strings that stress parsers: quotes, escapes, braces, control and odd Unicode. */
const nasty = fc.oneof(
	fc.string(),
	fc.string({ unit: 'binary' }),
	fc.constantFrom(
		'"',
		'\\',
		'{{',
		'}}',
		'{{x}}',
		'\u2028',
		'\u0000',
		'\ud800',
		'\udfff',
		'${' + SCRIPT + '}',
		`"); ${SCRIPT}; ("`,
		'__proto__',
		'constructor',
		' ',
		'-----BEGIN CERTIFICATE-----',
		'arn:aws:iam::111122223333:role/x',
	),
);

describe('credential validators (toConnectionConfig)', () => {
	const SECRET_FIELDS = [
		'secretAccessKey',
		'sessionToken',
		'externalId',
		'passphrase',
		'pkcs12Password',
		'privateKey',
		'pkcs12Bundle',
	];
	/** A secret is recognisable: it starts with a marker no other field or message contains. */
	const secret = fc.string({ minLength: 4 }).map((s) => `S3CRET-${s}`);
	const junk = fc.oneof(
		nasty,
		fc.integer(),
		fc.double(),
		fc.boolean(),
		fc.constant(null),
		fc.constant(undefined),
		fc.constant(''),
		fc.array(fc.string(), { maxLength: 2 }),
		fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
	);
	/** Mostly a plausible value, so the checks after the first one are reached too. */
	const field = (...plausible: unknown[]) =>
		fc.oneof(
			{ arbitrary: fc.constantFrom(...plausible), weight: 5 },
			{ arbitrary: junk, weight: 1 },
		);
	const fields = {
		region: field('us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1'),
		customRegion: field('', 'eu-central-2'),
		authRegion: field('auto', 'us-east-1', 'eu-west-1'),
		authCustomRegion: field(''),
		useFips: field(true, false),
		connectionTimeout: field(0, -1, 2000, '5000'),
		readTimeout: field(0, 300000, '1000'),
		customEndpoints: field(true, false),
		stsEndpoint: field(
			'https://sts.example.com',
			'http://127.0.0.1:9',
			'ftp://x',
			'https://user:pw@h',
		),
		bedrockRuntimeEndpoint: field('https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com'),
		accessKeyId: field(DEFAULT_USER.accessKeyId, 'AKIAIOSFODNN7EXAMPLE'),
		secretAccessKey: fc.oneof(secret, fc.constant(undefined)),
		sessionToken: fc.oneof(secret, fc.constant(undefined)),
		roleArn: field(DEFAULT_ROLE_ARN, 'arn:aws-cn:iam::111122223333:role/x'),
		externalId: fc.oneof(secret, fc.constant(DEFAULT_EXTERNAL_ID), fc.constant(undefined)),
		roleSessionName: field('n8n', 'a', 'with space'),
		sessionDuration: field(900, 3600, 43200, 899, 43201, '3600', 3600.5),
		sourceCredentials: field('accessKeys', 'hostChain'),
		trustAnchorArn: field(DEFAULT_TRUST_ANCHOR_ARN),
		profileArn: field(DEFAULT_PROFILE_ARN),
		keyFormat: field('pem', 'pkcs12'),
		publicCertificate: field(pkiPem('rsa.cert.pem')),
		privateKey: fc.oneof(secret, fc.constant(undefined)),
		passphrase: fc.oneof(secret, fc.constant(undefined)),
		publicCertificateChain: field(pkiPem('intermediate.cert.pem'), ''),
		pkcs12Bundle: fc.oneof(secret, fc.constant(undefined)),
		pkcs12Password: fc.oneof(secret, fc.constant(undefined)),
	};
	const data = fc.record(fields, {
		requiredKeys: [],
	}) as fc.Arbitrary<ICredentialDataDecryptedObject>;
	const type = fc.constantFrom<CredentialTypeName>(
		'bedrockAccessKeysApi',
		'bedrockAssumeRoleApi',
		'bedrockRolesAnywhereApi',
	);
	const env = fc.constantFrom<NodeJS.ProcessEnv>(
		{},
		{ N8N_BEDROCK_ALLOW_HOST_CREDENTIALS: 'true' },
	);

	it('returns a valid connection or throws CredentialValidationError naming a field, never echoing a secret', () => {
		let accepted = 0;
		fc.assert(
			fc.property(type, data, env, (t, d, e) => {
				let config;
				try {
					config = toConnectionConfig(t, d, e);
				} catch (error) {
					expect(error).toBeInstanceOf(CredentialValidationError);
					const { message, field } = error as CredentialValidationError;
					expect(message.length).toBeGreaterThan(10);
					expect(typeof field).toBe('string');
					expect(message).not.toContain('S3CRET-');
					return;
				}
				accepted++;
				expect(config.bedrockRegion).toMatch(REGION_PATTERN);
				expect(config.authRegion).toMatch(REGION_PATTERN);
				expect(config.cacheKey).toMatch(/^[0-9a-f]{64}$/);
				expect(JSON.stringify(config.cacheKey)).not.toContain('S3CRET-');
				if (config.auth.kind === 'assumeRole' || config.auth.kind === 'rolesAnywhere') {
					expect(config.auth.durationSeconds).toBeGreaterThanOrEqual(900);
					expect(config.auth.durationSeconds).toBeLessThanOrEqual(43200);
				}
				for (const ms of [config.connectionTimeoutMs, config.readTimeoutMs]) {
					if (ms !== undefined) expect(Number.isInteger(ms) && ms > 0).toBe(true);
				}
			}),
			{ numRuns: 1500 },
		);
		// The generator must reach the success path too, or the checks after the first prove nothing.
		expect(accepted).toBeGreaterThan(20);
	});

	it('gives another cache key when any one field changes, secrets included', () => {
		const names = [...Object.keys(fields), ...SECRET_FIELDS];
		fc.assert(
			fc.property(
				type,
				fc.dictionary(fc.constantFrom(...names), fc.oneof(fc.string(), fc.integer())),
				fc.constantFrom(...names),
				fc.string(),
				(t, d, name, value) => {
					fc.pre(JSON.stringify(d[name]) !== JSON.stringify(value));
					expect(cacheKeyOf(t, { ...d, [name]: value })).not.toBe(cacheKeyOf(t, d));
					expect(cacheKeyOf(t, { ...d })).toBe(cacheKeyOf(t, d));
				},
			),
			{ numRuns: 500 },
		);
	});
});

describe('the {{variable}} template renderer', () => {
	const variableName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/);
	const anyValue = fc.oneof(
		nasty,
		fc.jsonValue(),
		fc.constant(undefined),
		fc.constant(NaN),
		fc.constant(() => SCRIPT),
	);
	const variables = fc.array(fc.record({ name: fc.oneof(variableName, nasty), value: anyValue }), {
		maxLength: 4,
	});

	it('renders arbitrary templates to valid JSON or throws TemplateError', () => {
		const template = fc.oneof(
			nasty,
			fc
				.array(
					fc.oneof(
						nasty,
						fc.constantFrom(
							'{',
							'}',
							'[',
							']',
							':',
							',',
							'"',
							'{{a}}',
							'{{ b }}',
							'"{{a}}"',
							'1',
							'null',
						),
					),
					{ maxLength: 12 },
				)
				.map((parts) => parts.join('')),
		);
		fc.assert(
			fc.property(template, variables, (t, vars) => {
				let body: string;
				try {
					body = renderTemplate(t, vars);
				} catch (error) {
					expect(error).toBeInstanceOf(TemplateError);
					expect((error as TemplateError).message.length).toBeGreaterThan(0);
					return;
				}
				expect(() => JSON.parse(body)).not.toThrow();
			}),
			{ numRuns: 1000 },
		);
		expect(pwned()).toBeUndefined();
	});

	it('inserts any text inside a string exactly as it is: it can never end the string early', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					nasty,
					fc.string({
						unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
					}),
				),
				(text) => {
					const body = renderTemplate('{"prompt": "Summarise: {{doc}}", "n": 1}', [
						{ name: 'doc', value: text },
					]);
					expect(JSON.parse(body)).toEqual({ prompt: `Summarise: ${text}`, n: 1 });
				},
			),
			{ numRuns: 1000 },
		);
	});

	it('inserts any JSON value in a value position as that value', () => {
		fc.assert(
			fc.property(fc.jsonValue(), (value) => {
				const body = renderTemplate('{"value": {{v}}, "after": true}', [{ name: 'v', value }]);
				expect(JSON.parse(body)).toEqual({ value: JSON.parse(JSON.stringify(value)), after: true });
			}),
			{ numRuns: 500 },
		);
		expect(pwned()).toBeUndefined();
	});
});

describe('the JSONPath output mapper', () => {
	/** Paths that try to reach JavaScript instead of the response. */
	const ATTACKS = [
		`$..[?(@.constructor.constructor('${SCRIPT}')())]`,
		`$[?(${SCRIPT})]`,
		`$[(${SCRIPT})]`,
		'$.constructor',
		'$.constructor.constructor',
		"$['constructor']['constructor']",
		'$..constructor',
		'$.__proto__',
		"$['__proto__'].polluted",
		'$.process',
		'$.process.mainModule',
		"$..[?(@.process.mainModule.require('child_process').execSync('id'))]",
		'$.require',
		`$[?(require('fs'))]`,
		`$[?(process.exit(1))]`,
		`$..*[?(@property === 'constructor')]`,
		'$..[?(@ && this.constructor)]',
		'$.a.`constructor`',
		'$.prototype',
		'$.globalThis',
		'$.Function',
	];
	const fragment = fc.constantFrom(
		'$',
		'.',
		'..',
		'[',
		']',
		'(',
		')',
		'?',
		'@',
		'*',
		'0',
		'-1',
		':',
		"'",
		'"',
		'`',
		'~',
		'^',
		'#',
		';',
		'%',
		' ',
		'\\',
		'a',
		'items',
		'text',
		'constructor',
		'process',
		'require',
		'__proto__',
		'prototype',
		SCRIPT,
	);
	const path = fc.oneof(
		nasty,
		fc.constantFrom(...ATTACKS),
		fc.array(fragment, { minLength: 1, maxLength: 12 }).map((parts) => parts.join('')),
		fc.tuple(fc.constantFrom(...ATTACKS), nasty).map(([attack, tail]) => attack + tail),
	);
	/** Every value a mapping returns must be data from the response: no function, no prototype. */
	const isJsonData = (value: unknown): boolean => {
		if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
		if (Array.isArray(value)) return value.every(isJsonData);
		if (typeof value !== 'object') return false;
		const proto = Object.getPrototypeOf(value);
		return (
			(proto === Object.prototype || proto === null) &&
			Object.values(value as object).every(isJsonData)
		);
	};

	it('gives response data or OutputMappingError for any path; no script runs, nothing outside the data is reached', () => {
		fc.assert(
			fc.property(path, fc.jsonValue(), (p, json) => {
				let result: Record<string, unknown>;
				try {
					result = mapOutput(json, [{ name: 'field', path: p }]);
				} catch (error) {
					expect(error).toBeInstanceOf(OutputMappingError);
					expect((error as Error).message.length).toBeGreaterThan(0);
					return;
				}
				expect(isJsonData(result.field ?? null)).toBe(true);
				expect(Object.keys(result).every((k) => k === 'field')).toBe(true);
			}),
			{ numRuns: 2000 },
		);
		expect(pwned()).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it.each(ATTACKS)('refuses %s', (attack) => {
		expect(() => mapOutput({ a: 1 }, [{ name: 'field', path: attack }])).toThrow(
			OutputMappingError,
		);
		expect(pwned()).toBeUndefined();
	});
});

describe('the PEM / PKCS#12 loader', () => {
	const NOW = new Date('2026-06-01T00:00:00Z');
	const CERT = pkiPem('rsa.cert.pem');
	const KEY = pkiPem('rsa.key.pem');
	const P12 = pkiPem('rsa.p12.b64').trim();

	/** A valid input with one part damaged: a character changed, a range cut or repeated. */
	const mutated = (text: string) =>
		fc
			.tuple(
				fc.nat(text.length - 1),
				fc.nat(40),
				fc.constantFrom('change', 'cut', 'repeat', 'truncate'),
				fc.constantFrom('A', '/', '=', '-', '\n', ' ', 'é', '\0'),
			)
			.map(([at, length, how, char]) => {
				switch (how) {
					case 'change':
						return text.slice(0, at) + char + text.slice(at + 1);
					case 'cut':
						return text.slice(0, at) + text.slice(at + length);
					case 'repeat':
						return (
							text.slice(0, at + length) + text.slice(at, at + length) + text.slice(at + length)
						);
					default:
						return text.slice(0, at);
				}
			});
	/** A password that is recognisable in a message. */
	const marked = fc.string({ minLength: 4 }).map((s) => `S3CRET-${s}`);
	const bytes = fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b).toString('base64'));
	const pemInput: fc.Arbitrary<CertificateInput> = fc.record(
		{
			certificatePem: fc.oneof(
				fc.constant(CERT),
				mutated(CERT),
				nasty,
				bytes.map((b) => `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----`),
			),
			privateKeyPem: fc.oneof(
				fc.constant(KEY),
				mutated(KEY),
				nasty,
				bytes.map((b) => `-----BEGIN PRIVATE KEY-----\n${b}\n-----END PRIVATE KEY-----`),
			),
			passphrase: fc.oneof(nasty, marked),
			chainPem: fc.oneof(
				fc.constant(pkiPem('intermediate.cert.pem')),
				mutated(pkiPem('intermediate.cert.pem')),
				nasty,
			),
		},
		{ requiredKeys: [] },
	);
	const p12Input: fc.Arbitrary<CertificateInput> = fc.record(
		{
			pkcs12Base64: fc.oneof(fc.constant(P12), mutated(P12), bytes, nasty),
			pkcs12Password: fc.oneof(fc.constant('p12-test-password'), nasty, marked),
		},
		{ requiredKeys: [] },
	);

	it.each([
		['PEM', pemInput, 300],
		['PKCS#12', p12Input, 150],
	] as const)(
		'%s: material or CredentialValidationError, quickly, for any input',
		async (_kind, input, numRuns) => {
			let loaded = 0;
			await fc.assert(
				fc.asyncProperty(input, async (i) => {
					const started = Date.now();
					try {
						await loadCertificateMaterial(i, NOW);
						loaded++;
					} catch (error) {
						expect(error).toBeInstanceOf(CredentialValidationError);
						expect((error as Error).message.length).toBeGreaterThan(10);
						for (const secret of [i.passphrase, i.pkcs12Password]) {
							if (secret?.startsWith('S3CRET-'))
								expect((error as Error).message).not.toContain(secret);
						}
					}
					expect(Date.now() - started).toBeLessThan(3000);
				}),
				{ numRuns },
			);
			expect(loaded).toBeGreaterThan(0);
		},
	);
});
