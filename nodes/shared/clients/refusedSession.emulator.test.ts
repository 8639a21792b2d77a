import { BedrockConverse } from '../../BedrockConverse/BedrockConverse.node';
import { assumeRoleData, IAM_CREDENTIAL_CASES } from '../../../test/helpers/credentials';
import { locator } from '../../../test/helpers/nodeContext';
import { runNode, useEmulator } from '../../../test/helpers/useEmulator';

const NOVA = 'amazon.nova-lite-v1:0';

/**
 * A session AWS stops taking before the end it was issued with (it says ExpiredToken, or that the
 * token is invalid): the cached credential is fetched anew and the request sent once more, so
 * n8n does not fail every call until the session's own end, up to 12 hours later.
 */
describe('a cached session AWS refuses', () => {
	const aws = useEmulator();
	const assumeRole = IAM_CREDENTIAL_CASES[1];

	const converse = (prompt: string, items = 1) =>
		runNode(new BedrockConverse(), aws.emulator, {
			credential: assumeRole,
			data: assumeRoleData(aws.emulator),
			parameters: { model: locator(NOVA), prompt, options: { maxConcurrency: 10 } },
			items,
		}).result;
	const refusals = () =>
		aws.emulator.calls.filter((c) => c.action === 'Converse' && c.status !== 200);

	it('is fetched anew and the request goes through once more', async () => {
		const [[first]] = await converse('one');
		expect(first.json.text).toBe('Echo: one');
		aws.emulator.expireSessions();
		const [[second]] = await converse('two');
		expect(second.json.text).toBe('Echo: two');
		expect(refusals().map((c) => c.errorCode)).toEqual(['ExpiredTokenException']);
		expect(aws.emulator.count('AssumeRole')).toBe(2);
		// The new session serves the next calls from the cache again.
		await converse('three');
		expect(aws.emulator.count('AssumeRole')).toBe(2);
	});

	it('every item in flight with the refused session goes through on the one new session', async () => {
		await converse('one');
		aws.emulator.expireSessions();
		const [out] = await converse('many', 10);
		expect(out.map((o) => o.json.text)).toEqual(Array(10).fill('Echo: many'));
		expect(refusals()).toHaveLength(10);
		expect(aws.emulator.count('AssumeRole')).toBe(2);
	});

	it('a session refused again at once is not fetched again for a minute: no STS storm', async () => {
		await converse('one');
		aws.emulator.injectFault({
			action: 'Converse',
			kind: 'error',
			code: 'UnrecognizedClientException',
			status: 403,
			message: 'The security token included in the request is invalid.',
			times: Infinity,
		});
		await expect(converse('two')).rejects.toThrow(/does not recognise/);
		expect(aws.emulator.count('AssumeRole')).toBe(2);
		await expect(converse('three')).rejects.toThrow(/does not recognise/);
		await expect(converse('four')).rejects.toThrow(/does not recognise/);
		expect(aws.emulator.count('AssumeRole')).toBe(2);
		// One Converse each, and one more for the retry with the session fetched anew.
		expect(refusals()).toHaveLength(4);
	});
});
