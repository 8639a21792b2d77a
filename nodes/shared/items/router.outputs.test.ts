import { executeContext } from '../../../test/helpers/nodeContext';
import type { Operation } from './operation';
import { route } from './router';

/** Even items to output 0 (returned plainly), odd ones to output 1, item 4 fails. */
const parity = (count: number): Operation => ({
	description: [],
	outputs: { count: () => count, failed: 1 },
	async execute(item) {
		if (item.itemIndex === 4) throw new Error('item 4 failed');
		const json = { i: item.itemIndex };
		return item.itemIndex % 2 === 0 ? { json } : item.toOutput(1, [{ json }, { json }]);
	},
});

const context = (items: number, continueOnFail = false) =>
	executeContext({
		parameters: { authentication: 'accessKeys', options: { maxConcurrency: 3 } },
		credentials: {
			bedrockAccessKeysApi: {
				accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
				secretAccessKey: 'not-sent',
				region: 'us-east-1',
			},
		},
		items: Array.from({ length: items }, (_, i) => ({ json: { i } })),
		continueOnFail,
	});

const indexes = (output: Array<{ json: { i?: unknown }; pairedItem?: unknown }>) =>
	output.map((o) => [o.json.i, o.pairedItem]);

describe('route, a node with several outputs', () => {
	it('sends each item to its output, in item order and paired', async () => {
		const outputs = await route.call(context(4), { op: parity(2) });
		expect(outputs).toHaveLength(2);
		expect(indexes(outputs[0])).toEqual([
			[0, { item: 0 }],
			[2, { item: 2 }],
		]);
		expect(indexes(outputs[1])).toEqual([
			[1, { item: 1 }],
			[1, { item: 1 }],
			[3, { item: 3 }],
			[3, { item: 3 }],
		]);
	});

	it('puts the error item of Continue On Fail on the operation’s failed output', async () => {
		const [passed, other] = await route.call(context(6, true), { op: parity(2) });
		expect(indexes(passed)).toEqual([
			[0, { item: 0 }],
			[2, { item: 2 }],
		]);
		expect(other.map((o) => o.json.error ?? o.json.i)).toEqual([1, 1, 3, 3, 'item 4 failed', 5, 5]);
		expect(other[4].pairedItem).toEqual({ item: 4 });
	});

	it('with one output now (as chosen in the node), returns every item on it', async () => {
		const outputs = await route.call(context(4), { op: parity(1) });
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((o) => o.json.i)).toEqual([0, 1, 1, 2, 3, 3]);
	});
});
