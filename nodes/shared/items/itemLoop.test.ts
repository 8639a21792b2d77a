import { ThrottlingException } from '@aws-sdk/client-bedrock-runtime';
import {
	NodeApiError,
	NodeOperationError,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { MAX_CONCURRENCY, processItems, type ItemLoopContext } from './itemLoop';
import { clearLimiters } from '../throttle/registry';

const node: INode = {
	id: 'node-1',
	name: 'Bedrock Converse',
	type: 'n8n-nodes-bedrock-iam.bedrockConverse',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The n8n edge: only what processItems calls. */
function fakeContext(continueOnFail = false): ItemLoopContext {
	return { getNode: () => node, continueOnFail: () => continueOnFail };
}

function inputs(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { i } }));
}

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
	reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A handler whose items finish only when the test says so; counts items in flight and records
 * the order in which items started.
 */
function controlledHandler(count: number) {
	const pending = Array.from({ length: count }, () => deferred<INodeExecutionData>());
	const started: number[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const handler = async (i: number) => {
		started.push(i);
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			return await pending[i].promise;
		} finally {
			inFlight--;
		}
	};
	return {
		handler,
		started,
		pending,
		get inFlight() {
			return inFlight;
		},
		get maxInFlight() {
			return maxInFlight;
		},
	};
}

const throttled = () =>
	new ThrottlingException({
		message: 'Too many requests, please wait before trying again.',
		$metadata: { requestId: 'req-429', httpStatusCode: 429 },
	});

describe('processItems', () => {
	it('never has more than `concurrency` handlers in flight and keeps input order', async () => {
		const control = controlledHandler(10);
		const run = processItems(fakeContext(), inputs(10), { concurrency: 3 }, control.handler);
		const finished = new Set<number>();

		await settle();
		expect(control.started).toEqual([0, 1, 2]);
		while (finished.size < 10) {
			// Finish the most recently started item first (later items finish first), or the middle one.
			const open = control.started.filter((i) => !finished.has(i));
			expect(open.length).toBe(Math.min(3, 10 - finished.size));
			const pick =
				finished.size % 2 === 0 ? open[open.length - 1] : open[Math.floor(open.length / 2)];
			control.pending[pick].resolve({ json: { done: pick } });
			finished.add(pick);
			await settle();
			expect(control.inFlight).toBeLessThanOrEqual(3);
		}
		const output = await run;

		expect(control.maxInFlight).toBe(3);
		expect(control.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(output.map((o) => o.json.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('keeps order when later items finish first', async () => {
		const control = controlledHandler(5);
		const run = processItems(fakeContext(), inputs(5), { concurrency: 5 }, control.handler);
		await settle();
		expect(control.started).toEqual([0, 1, 2, 3, 4]);
		for (const i of [4, 3, 2, 1, 0]) {
			control.pending[i].resolve({ json: { done: i } });
			await settle();
		}
		const output = await run;
		expect(output.map((o) => o.json.done)).toEqual([0, 1, 2, 3, 4]);
		expect(output.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	});

	it('sets pairedItem unless the handler set one', async () => {
		const output = await processItems(fakeContext(), inputs(3), { concurrency: 2 }, async (i) =>
			i === 1 ? { json: { i }, pairedItem: [{ item: 0 }, { item: 1 }] } : { json: { i } },
		);
		expect(output).toEqual([
			{ json: { i: 0 }, pairedItem: { item: 0 } },
			{ json: { i: 1 }, pairedItem: [{ item: 0 }, { item: 1 }] },
			{ json: { i: 2 }, pairedItem: { item: 2 } },
		]);
	});

	it('keeps several results of one item together in its place', async () => {
		const gates = [deferred<void>(), deferred<void>(), deferred<void>()];
		const run = processItems(fakeContext(), inputs(3), { concurrency: 3 }, async (i) => {
			await gates[i].promise;
			if (i === 0) return [{ json: { r: '0a' } }, { json: { r: '0b' } }];
			if (i === 1) return [];
			return [{ json: { r: '2a' } }, { json: { r: '2b' } }, { json: { r: '2c' } }];
		});
		gates[2].resolve();
		await settle();
		gates[1].resolve();
		await settle();
		gates[0].resolve();
		const output = await run;
		expect(output.map((o) => [o.json.r, o.pairedItem])).toEqual([
			['0a', { item: 0 }],
			['0b', { item: 0 }],
			['2a', { item: 2 }],
			['2b', { item: 2 }],
			['2c', { item: 2 }],
		]);
	});

	it('with Continue On Fail puts the error in place and keeps the others', async () => {
		const output = await processItems(
			fakeContext(true),
			inputs(4),
			{ concurrency: 2 },
			async (i) => {
				if (i === 1) throw throttled();
				if (i === 2) throw new NodeOperationError(node, 'Prompt is empty');
				return { json: { ok: i } };
			},
		);
		expect(output).toHaveLength(4);
		expect(output[0]).toEqual({ json: { ok: 0 }, pairedItem: { item: 0 } });
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[1].json).toEqual({
			error: 'AWS is throttling the requests: a quota was reached',
			description: expect.stringContaining('AWS request ID: req-429'),
			code: 'ThrottlingException',
			requestId: 'req-429',
		});
		expect(output[2]).toEqual({ json: { error: 'Prompt is empty' }, pairedItem: { item: 2 } });
		expect(output[3]).toEqual({ json: { ok: 3 }, pairedItem: { item: 3 } });
	});

	it('without Continue On Fail stops scheduling, waits for items in flight, throws with itemIndex', async () => {
		const control = controlledHandler(6);
		const run = processItems(fakeContext(), inputs(6), { concurrency: 2 }, control.handler);
		const outcome = run.then(
			() => undefined,
			(error: unknown) => error,
		);
		await settle();
		expect(control.started).toEqual([0, 1]);

		control.pending[1].reject(throttled());
		await settle();
		// The failure is seen: no new item starts, item 0 is still in flight.
		expect(control.started).toEqual([0, 1]);
		let done = false;
		void outcome.then(() => (done = true));
		await settle();
		expect(done).toBe(false);

		// Item 0 fails later too: only the first failure (by time) is thrown, nothing unhandled.
		control.pending[0].reject(new Error('later failure'));
		const error = await outcome;
		expect(control.started).toEqual([0, 1]);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
		expect((error as NodeApiError).message).toBe(
			'AWS is throttling the requests: a quota was reached',
		);
		expect((error as NodeApiError).httpCode).toBe('429');
	});

	it('throws the failure that happened first, not the one of the lowest item', async () => {
		const control = controlledHandler(3);
		const run = processItems(fakeContext(), inputs(3), { concurrency: 3 }, control.handler);
		await settle();
		control.pending[2].reject(new Error('item 2 first'));
		await settle();
		control.pending[0].reject(new Error('item 0 second'));
		control.pending[1].resolve({ json: {} });
		await expect(run).rejects.toMatchObject({
			message: 'item 2 first',
			context: expect.objectContaining({ itemIndex: 2 }),
		});
	});

	it('sets itemIndex on an n8n error instead of wrapping it', async () => {
		const original = new NodeOperationError(node, 'Prompt is empty');
		const run = processItems(fakeContext(), inputs(2), { concurrency: 1 }, async (i) => {
			if (i === 1) throw original;
			return { json: {} };
		});
		await expect(run).rejects.toBe(original);
		expect(original.context.itemIndex).toBe(1);
	});

	it('catches handlers that throw synchronously', async () => {
		const handler = ((i: number) => {
			if (i === 0) throw new Error('sync');
			return Promise.resolve({ json: {} });
		}) as (i: number) => Promise<INodeExecutionData>;
		const output = await processItems(fakeContext(true), inputs(2), { concurrency: 1 }, handler);
		expect(output[0]).toEqual({ json: { error: 'sync' }, pairedItem: { item: 0 } });
	});

	it('treats a concurrency below 1 or not a number as 1', async () => {
		for (const concurrency of [0, -3, Number.NaN]) {
			const control = controlledHandler(2);
			const run = processItems(fakeContext(), inputs(2), { concurrency }, control.handler);
			await settle();
			expect(control.started).toEqual([0]);
			control.pending[0].resolve({ json: {} });
			await settle();
			control.pending[1].resolve({ json: {} });
			await expect(run).resolves.toHaveLength(2);
		}
	});

	it.each([50, 1_000_000, Number.POSITIVE_INFINITY])(
		'holds a concurrency of %s to MAX_CONCURRENCY, whatever the form or an expression says',
		async (concurrency) => {
			const count = MAX_CONCURRENCY + 5;
			const control = controlledHandler(count);
			const run = processItems(fakeContext(), inputs(count), { concurrency }, control.handler);
			await settle();
			expect(control.started).toHaveLength(MAX_CONCURRENCY);
			for (const pending of control.pending) {
				pending.resolve({ json: {} });
				await settle();
			}
			await expect(run).resolves.toHaveLength(count);
			expect(control.maxInFlight).toBe(MAX_CONCURRENCY);
		},
	);

	it('returns nothing for no items', async () => {
		const handler = jest.fn();
		await expect(processItems(fakeContext(), [], { concurrency: 4 }, handler)).resolves.toEqual([]);
		expect(handler).not.toHaveBeenCalled();
	});
});

describe('processItems and quotas', () => {
	const quota = { credentialKey: 'items-test', region: 'us-east-1', target: 'm' };
	const throttle = () =>
		new ThrottlingException({ message: 'Too many requests', $metadata: { httpStatusCode: 429 } });

	afterEach(() => clearLimiters());

	it('sends a throttled request again and keeps the item', async () => {
		let sends = 0;
		const out = await processItems(
			fakeContext(),
			inputs(1),
			{ concurrency: 1, throttlingBudgetMs: 60_000 },
			async (_i, tools) => ({
				json: await tools.withinQuota(quota, async () => {
					if (++sends < 3) throw throttle();
					return { ok: true };
				}),
			}),
		);
		expect(out).toEqual([{ json: { ok: true }, pairedItem: { item: 0 } }]);
		expect(sends).toBe(3);
	});

	it('with a budget of 0 a throttle fails the item as before', async () => {
		const error = await processItems(
			fakeContext(),
			inputs(1),
			{ concurrency: 1, throttlingBudgetMs: 0 },
			async (_i, tools) => ({
				json: await tools.withinQuota(quota, async () => {
					throw throttle();
				}),
			}),
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.awsErrorCode).toBe('ThrottlingException');
	});

	it('a failure without Continue On Fail ends the other items’ waits for the quota', async () => {
		// Item 1 is throttled forever with a budget far beyond the test's timeout: only the
		// failure of item 0 can end its waits.
		const failed = new NodeOperationError(node, 'bad parameter', { itemIndex: 0 });
		const error = await processItems(
			fakeContext(),
			inputs(2),
			{ concurrency: 2, throttlingBudgetMs: 3_600_000 },
			async (i, tools) => {
				if (i === 0) {
					await new Promise((resolve) => setTimeout(resolve, 50));
					throw failed;
				}
				return {
					json: await tools.withinQuota(quota, async () => {
						throw throttle();
					}),
				};
			},
		).catch((e: unknown) => e);
		expect(error).toBe(failed);
	});
});
