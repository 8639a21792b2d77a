import { runToOutput } from './harness';
import { useEmulator } from '../helpers/useEmulator';

/**
 * A fixed Session ID is one conversation: its turns go to the agent one after the other, in item
 * order; other sessions stay concurrent. Each call is held 800 ms by the emulator, so three
 * overlapping turns would all have arrived within the first 800 ms.
 */
describe('Invoke Agent with a fixed Session ID', () => {
	const aws = useEmulator();
	beforeEach(() => {
		aws.emulator.injectFault({
			action: 'InvokeAgent',
			kind: 'delay',
			delayMs: 800,
			times: Infinity,
		});
	});

	const turns = () =>
		aws.emulator.calls
			.filter((call) => call.action === 'InvokeAgent')
			.map((call) => (call.body as { inputText?: string }).inputText);

	it('sends the turns of one session in item order, never two at once', async () => {
		const start = Date.now();
		const seen: number[] = [];
		const sampler = setInterval(() => seen.push(turns().length), 100);
		const out = await runToOutput(aws.emulator, {
			node: 'agent',
			credential: 'accessKeys',
			items: 3,
			parameters: { sessionId: 'conversation-1' },
		}).finally(() => clearInterval(sampler));
		expect(out.map((o) => o.json.sessionId)).toEqual(Array(3).fill('conversation-1'));
		expect(turns()).toEqual(['item 0', 'item 1', 'item 2']);
		// Serial: at least three holds. Load can only make it slower.
		expect(Date.now() - start).toBeGreaterThanOrEqual(3 * 800 - 50);
		expect(seen.slice(0, 5).every((n) => n <= 1)).toBe(true);
	});

	it('keeps different sessions concurrent', async () => {
		const start = Date.now();
		const out = await runToOutput(aws.emulator, {
			node: 'agent',
			credential: 'accessKeys',
			items: 3,
			parameters: (i) => ({ sessionId: `conversation-${i}` }),
		});
		expect(out.every((o) => typeof o.json.text === 'string')).toBe(true);
		expect(Date.now() - start).toBeLessThan(2 * 800);
	});
});
