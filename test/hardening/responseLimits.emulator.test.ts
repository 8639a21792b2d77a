/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import { RESPONSE_LIMITS } from '../../nodes/shared/transport/responseLimits';
import { SUPPORT_KB_ID } from '../emulator';
import { locator } from '../helpers/nodeContext';
import { useEmulator } from '../helpers/useEmulator';
import { runToOutput, within, type RunSpec } from './harness';

const MB = 1024 * 1024;

/** How each operation is run: the node and its parameters. */
const RUNS = {
	Converse: { node: 'converse' },
	InvokeModel: { node: 'generate' },
	Retrieve: {
		node: 'knowledgeBase',
		parameters: { operation: 'retrieve', knowledgeBase: locator(SUPPORT_KB_ID), query: 'shipping' },
	},
} satisfies Record<string, Omit<RunSpec, 'credential'>>;

/**
 * Each operation reads at most what its answers can hold (RESPONSE_LIMITS): a text answer a few
 * MB, a generated image tens of MB. The emulator answers with a flood of `bytes` (length not
 * announced, so the limit is found while reading).
 */
describe('answer size limits per operation', () => {
	const aws = useEmulator();

	async function answer(action: keyof typeof RUNS, bytes: number) {
		aws.emulator.injectFault({ action, kind: 'oversized', bytes });
		const run: RunSpec = { ...RUNS[action], credential: 'accessKeys', items: 1 };
		const [out] = await within(20_000, runToOutput(aws.emulator, run));
		return out.json;
	}

	it.each([
		['Converse', 9 * MB],
		['Retrieve', 9 * MB],
		['InvokeModel', 65 * MB],
	] as const)('%s: an answer of %d bytes is refused', async (action, bytes) => {
		expect(RESPONSE_LIMITS[action]).toBeLessThan(bytes);
		const json = await answer(action, bytes);
		expect(json.code).toBe('ResponseTooLarge');
		expect(json.error).toBe('The answer from AWS is larger than this node accepts');
	});

	it.each([
		['Converse', 4 * MB],
		['InvokeModel', 40 * MB],
	] as const)('%s: an answer of %d bytes is read whole', async (action, bytes) => {
		const json = await answer(action, bytes);
		expect(json.code).toBeUndefined();
		expect(json.error).toBeUndefined();
	});
});
