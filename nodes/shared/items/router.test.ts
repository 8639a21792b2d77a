import { NodeOperationError } from 'n8n-workflow';

import { executeContext } from '../../../test/helpers/nodeContext';
import type { ItemContext, Operation } from './operation';
import { route } from './router';

const echo = (label: string, log: string[] = []): Operation => ({
	description: [],
	async execute(item: ItemContext) {
		log.push(`${label}:${item.itemIndex}`);
		return { json: { label, item: item.itemIndex } };
	},
});

const context = (parameters: Record<string, unknown>, items = 1) =>
	executeContext({
		parameters: { authentication: 'accessKeys', ...parameters },
		// Keys of the right shape: the connection is validated, nothing is sent.
		credentials: {
			bedrockAccessKeysApi: {
				accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
				secretAccessKey: 'not-sent',
				region: 'us-east-1',
			},
		},
		items: Array.from({ length: items }, (_, i) => ({ json: { i } })),
	});

describe('route', () => {
	it('refuses an operation the node does not have, naming it, before reading the credential', async () => {
		const ctx = context({ operation: 'delete' });
		const error = await route
			.call(ctx, { retrieve: echo('r'), generate: echo('g') })
			.catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The operation "delete" is not supported');
		expect(error.description).toBe('This node offers "retrieve", "generate".');
		expect(ctx.credentialReads).toBe(0);
	});

	it('runs the chosen operation for every item, in order and paired', async () => {
		const [output] = await route.call(context({ operation: 'generate' }, 3), {
			retrieve: echo('r'),
			generate: echo('g'),
		});
		expect(output).toEqual(
			[0, 1, 2].map((i) => ({ json: { label: 'g', item: i }, pairedItem: { item: i } })),
		);
	});

	it('needs no Operation parameter for a node with one operation', async () => {
		const [output] = await route.call(context({}), { only: echo('o') });
		expect(output[0].json).toEqual({ label: 'o', item: 0 });
	});

	it('runs the items of one sequence key one after the other, in item order', async () => {
		const started: number[] = [];
		let inFlight = 0;
		let most = 0;
		const operation: Operation = {
			description: [],
			sequenceKey: (i) => (i < 3 ? 'one' : undefined),
			async execute(item) {
				started.push(item.itemIndex);
				inFlight++;
				most = Math.max(most, inFlight);
				await new Promise((resolve) => setTimeout(resolve, 5 * (3 - item.itemIndex)));
				inFlight--;
				return { json: {} };
			},
		};
		await route.call(context({ options: { maxConcurrency: 5 } }, 3), { operation });
		expect(started).toEqual([0, 1, 2]);
		expect(most).toBe(1);
	});
});
