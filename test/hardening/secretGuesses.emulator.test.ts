/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_EXTERNAL_ID } from '../emulator';
import { locator } from '../helpers/nodeContext';
import { useEmulator } from '../helpers/useEmulator';
import { P12_PASSWORD, PASSPHRASE, runToOutput, type CredentialKind } from './harness';

/**
 * Someone who may use a shared credential but not read it types a guess of one of its secrets
 * into a field that an error echoes. Redacting the secret by value would answer the guess
 * (`[redacted]` exactly when it is right), so the error must read the same for a right and a
 * wrong guess of the same length: the same text with the guess in its place.
 */
const SECRETS: Array<{ name: string; credential: CredentialKind; value: string }> = [
	{ name: 'External ID', credential: 'assumeRole', value: DEFAULT_EXTERNAL_ID },
	{ name: 'passphrase', credential: 'rolesAnywhereEncrypted', value: PASSPHRASE },
	{ name: 'PKCS#12 password', credential: 'rolesAnywherePkcs12', value: P12_PASSWORD },
];

/** The same length, the first character different. */
const wrongGuessOf = (secret: string): string =>
	(secret.startsWith('x') ? 'y' : 'x') + secret.slice(1);

/** What a user sees of one run, the random request ID left out. */
function seen(out: INodeExecutionData[]): string {
	return JSON.stringify(out.map(({ json }) => ({ ...json, requestId: undefined }))).replace(
		/AWS request ID: [\w-]+/g,
		'AWS request ID: …',
	);
}

describe('errors neither confirm nor deny a secret a user guesses', () => {
	const aws = useEmulator();

	describe.each(SECRETS)('$name', ({ credential, value }) => {
		const wrong = wrongGuessOf(value);

		it('typed as the model ID, which our own message quotes', async () => {
			const run = (guess: string) =>
				runToOutput(aws.emulator, { credential, items: 1, parameters: { model: locator(guess) } });
			const right = seen(await run(value));
			expect(right).toContain('is not a model or inference profile ID');
			// The message quotes the ID trimmed, as it was checked.
			expect(right).toBe(
				seen(await run(wrong))
					.split(wrong.trim())
					.join(value.trim()),
			);
			expect(right).not.toContain('[redacted]');
		});

		it('typed in the prompt, which AWS quotes in its error', async () => {
			const run = async (guess: string) => {
				aws.emulator.reset();
				aws.emulator.injectFault({
					action: 'Converse',
					kind: 'error',
					status: 400,
					code: 'ValidationException',
					message: `Malformed input request: the prompt "${guess}" is not valid`,
				});
				return seen(
					await runToOutput(aws.emulator, { credential, items: 1, parameters: { prompt: guess } }),
				);
			};
			const right = await run(value);
			expect(right).toContain('Malformed input request');
			expect(right).toBe((await run(wrong)).split(wrong).join(value));
			expect(right).not.toContain('[redacted]');
		});
	});
});
