/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { pkiPem } from '../emulator';
import { useEmulator } from '../helpers/useEmulator';
import {
	expectEveryItem,
	knownSecrets,
	Observed,
	runToOutput,
	secretForms,
	watchUnhandledRejections,
	within,
	type CredentialKind,
} from './harness';

/**
 * The credential cache under many credentials at once, and after edits: every Bedrock request
 * is signed with the session of its own credential, and an edited credential never gets the
 * session of its previous version.
 */
describe('credential cache isolation', () => {
	const aws = useEmulator();
	const observed = new Observed();
	let rejections: ReturnType<typeof watchUnhandledRejections>;

	beforeAll(() => (rejections = watchUnhandledRejections()));
	afterAll(() => rejections.stop());
	afterEach(() => expect(rejections.reasons).toEqual([]));

	const converseCalls = () => aws.emulator.calls.filter((c) => c.action === 'Converse');
	const promptOf = (body: unknown) =>
		(body as { messages: Array<{ content: Array<{ text: string }> }> }).messages[0].content[0].text;
	const sessionOf = (accessKeyId: string | undefined) =>
		aws.emulator.issuedSessions.find((s) => s.accessKeyId === accessKeyId);

	it('100 credentials resolved concurrently: each request signed with its own session', async () => {
		const count = 100;
		const runs = Array.from({ length: count }, (_, n) =>
			runToOutput(aws.emulator, {
				credential: 'assumeRole',
				data: { roleSessionName: `isolation-${n}` },
				items: 2,
				parameters: (i) => ({ prompt: `credential ${n} item ${i}` }),
			}),
		);
		const outputs = await within(30_000, Promise.all(runs));
		outputs.forEach((out) => {
			observed.items(out);
			expectEveryItem(out, 2);
			expect(out.filter((o) => o.json.error)).toEqual([]);
		});

		// One AssumeRole per credential, never shared, never repeated.
		expect(aws.emulator.count('AssumeRole')).toBe(count);
		const sessionNames = aws.emulator.issuedSessions.map((s) => s.roleSessionName);
		expect(new Set(sessionNames).size).toBe(count);

		// Each Converse call carried the session of the credential that sent it.
		expect(converseCalls()).toHaveLength(count * 2);
		for (const call of converseCalls()) {
			const n = /^credential (\d+) item \d+$/.exec(promptOf(call.body))?.[1];
			const session = sessionOf(call.accessKeyId);
			expect(session?.roleSessionName).toBe(`isolation-${n}`);
			expect(call.status).toBe(200);
		}
	});

	it('Roles Anywhere credentials with different certificates get their own sessions', async () => {
		const kinds: Array<[CredentialKind, ICredentialDataDecryptedObject]> = [
			['rolesAnywhere', {}],
			[
				'rolesAnywhere',
				{
					publicCertificate: pkiPem('p256.cert.pem'),
					privateKey: pkiPem('p256.key.pem'),
					publicCertificateChain: '',
				},
			],
			[
				'rolesAnywhere',
				{ publicCertificate: pkiPem('p384.cert.pem'), privateKey: pkiPem('p384.key.pem') },
			],
			['rolesAnywhereEncrypted', {}],
			['rolesAnywherePkcs12', {}],
		];
		const outputs = await within(
			15_000,
			Promise.all(
				kinds.map(([credential, data], n) =>
					runToOutput(aws.emulator, {
						credential,
						data,
						items: 3,
						parameters: (i) => ({ prompt: `credential ${n} item ${i}` }),
					}),
				),
			),
		);
		outputs.forEach((out) => {
			observed.items(out);
			expectEveryItem(out, 3);
			expect(out.filter((o) => o.json.error)).toEqual([]);
		});
		expect(aws.emulator.count('CreateSession')).toBe(kinds.length);
		const sessionByCredential = new Map<string, string>();
		for (const call of converseCalls()) {
			const n = /^credential (\d+)/.exec(promptOf(call.body))![1];
			const known = sessionByCredential.get(n);
			if (known) expect(call.accessKeyId).toBe(known);
			sessionByCredential.set(n, call.accessKeyId!);
		}
		expect(new Set(sessionByCredential.values()).size).toBe(kinds.length);
	});

	describe('editing a credential never serves the old session', () => {
		const first = async (credential: CredentialKind, data: ICredentialDataDecryptedObject = {}) => {
			const out = await runToOutput(aws.emulator, { credential, data, items: 1 });
			expect(out[0].json.error).toBeUndefined();
			return converseCalls().at(-1)!.accessKeyId!;
		};

		it.each([
			['Role Session Name', 'assumeRole', { roleSessionName: 'edited-name' }],
			['Session Duration', 'assumeRole', { sessionDuration: 1800 }],
			['Read Timeout (not a secret, still a new cache entry)', 'assumeRole', { readTimeout: 4000 }],
			[
				'Certificate and Private Key',
				'rolesAnywhere',
				{
					publicCertificate: pkiPem('p256.cert.pem'),
					privateKey: pkiPem('p256.key.pem'),
					publicCertificateChain: '',
				},
			],
		] as const)('%s changed: a new session is fetched', async (_field, credential, edit) => {
			const before = await first(credential);
			const out = await runToOutput(aws.emulator, { credential, data: edit, items: 1 });
			observed.items(out);
			expect(out[0].json.error).toBeUndefined();
			const after = converseCalls().at(-1)!.accessKeyId;
			expect(after).not.toBe(before);
			expect(aws.emulator.count(credential === 'assumeRole' ? 'AssumeRole' : 'CreateSession')).toBe(
				2,
			);
		});

		it.each([
			['External ID (now wrong)', 'assumeRole', { externalId: 'wrong-external-id' }, /STS refused/],
			[
				'Secret Access Key of the source (now wrong)',
				'assumeRole',
				{ secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY00' },
				/./,
			],
			[
				'Trust Anchor of another CA',
				'rolesAnywhere',
				{
					publicCertificate: pkiPem('untrusted.cert.pem'),
					privateKey: pkiPem('untrusted.key.pem'),
					publicCertificateChain: '',
				},
				/./,
			],
		] as const)(
			'%s: the edit fails instead of reusing the old session',
			async (_field, credential, edit, error) => {
				const before = await first(credential);
				const callsBefore = converseCalls().length;
				const out = await runToOutput(aws.emulator, { credential, data: edit, items: 2 });
				observed.items(out);
				expectEveryItem(out, 2);
				for (const { json } of out) expect(json.error).toMatch(error);
				// No Bedrock request went out with the session of the credential as it was.
				expect(
					converseCalls()
						.slice(callsBefore)
						.map((c) => c.accessKeyId),
				).not.toContain(before);
				expect(converseCalls()).toHaveLength(callsBefore);
			},
		);
	});

	it('no secret is in the outputs', () => {
		const haystack = observed.texts.join('\n');
		for (const secret of knownSecrets(aws.emulator)) {
			for (const form of secretForms(secret)) expect(haystack.includes(form)).toBe(false);
		}
	});
});
