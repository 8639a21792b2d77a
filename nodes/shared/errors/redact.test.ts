import { REDACTED, redactSecrets } from './redact';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD1+example/token==';

describe('redactSecrets', () => {
	it('replaces every occurrence of each secret', () => {
		expect(redactSecrets(`a ${SECRET} b ${SECRET}`, [SECRET])).toBe(`a ${REDACTED} b ${REDACTED}`);
	});

	it('replaces the base64, base64url, URL-encoded and JSON-escaped forms', () => {
		const passphrase = 'p@ss w/rd+"quoted"\n?';
		const forms = [
			Buffer.from(passphrase).toString('base64'),
			Buffer.from(passphrase).toString('base64').replace(/=+$/, ''),
			Buffer.from(passphrase).toString('base64url'),
			encodeURIComponent(passphrase),
			JSON.stringify(passphrase).slice(1, -1),
		];
		for (const form of forms) {
			const text = redactSecrets(`value=${form};`, [passphrase]);
			expect(text).not.toContain(form);
			expect(text).toContain(REDACTED);
		}
	});

	it('ignores empty secrets and leaves other text alone', () => {
		expect(redactSecrets('nothing to see', ['', SECRET])).toBe('nothing to see');
		expect(redactSecrets('nothing to see')).toBe('nothing to see');
	});

	it.each([
		[`SecretAccessKey: ${SECRET}`, 'SecretAccessKey: '],
		[`"secretAccessKey":"${SECRET}"`, '"secretAccessKey":"'],
		[`<SecretAccessKey>${SECRET}</SecretAccessKey>`, '<SecretAccessKey>'],
		[`<SessionToken>${TOKEN}</SessionToken>`, '<SessionToken>'],
		[
			`X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Date=20240101T000000Z`,
			'X-Amz-Security-Token=',
		],
		[`x-amz-security-token: ${TOKEN}`, 'x-amz-security-token: '],
		[`aws_secret_access_key = ${SECRET}`, 'aws_secret_access_key = '],
		[`AWS_SESSION_TOKEN=${TOKEN}`, 'AWS_SESSION_TOKEN='],
	])('redacts values after a credential label: %s', (text, prefix) => {
		const result = redactSecrets(text, []);
		expect(result.startsWith(`${prefix}${REDACTED}`)).toBe(true);
		expect(result).not.toContain(SECRET);
		expect(result).not.toContain(TOKEN.slice(0, 30));
	});

	it('leaves short words after a label alone', () => {
		expect(redactSecrets('The SessionToken field is required', [])).toBe(
			'The SessionToken field is required',
		);
	});
});

describe('redactSecrets and Amazon Bedrock API keys', () => {
	const LONG = `ABSK${Buffer.from('BedrockAPIKey-xq4a-at-111122223333:c2VjcmV0LXBhcnQ=').toString('base64')}`;
	const SHORT = `bedrock-api-key-${Buffer.from('bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Signature=00').toString('base64')}`;

	it('scrubs anything shaped like a key and any bearer value, unlabelled', () => {
		for (const key of [LONG, SHORT]) {
			const text = redactSecrets(`refused ${key}; header Authorization: Bearer ${key}.`);
			expect(text).not.toContain(key.slice(4, 30));
			expect(text).toContain(REDACTED);
		}
		expect(redactSecrets('Bearer opaque-token-12345')).toBe(`Bearer ${REDACTED}`);
	});

	it('leaves words that only start like a key alone', () => {
		expect(redactSecrets('ABSKey is short, Bearer ok')).toBe('ABSKey is short, Bearer ok');
	});
});
