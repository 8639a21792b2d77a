/**
 * The cost estimate of an item: tokens times the price table's prices for the model and tier,
 * or no estimate and a note that says which price is missing.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { locator } from '../../test/helpers/nodeContext';
import { runNode, useEmulator } from '../../test/helpers/useEmulator';
import { PRICE_TABLE } from '../shared/cost/estimate';
import { BedrockConverse } from './BedrockConverse.node';

const aws = useEmulator();
const node = new BedrockConverse();

async function converse(model: string, options: IDataObject): Promise<IDataObject> {
	const { result } = runNode(node, aws.emulator, {
		parameters: { model: locator(model), prompt: 'Name three colours of the sky', options },
	});
	const [[item]] = await result;
	return item.json;
}

const usageOf = (json: IDataObject) => json.usage as { inputTokens: number; outputTokens: number };

it.each(['amazon.nova-micro-v1:0', 'amazon.nova-lite-v1:0', 'amazon.nova-pro-v1:0'])(
	'%s: the estimate is the tokens times the table prices of the default tier',
	async (model) => {
		const json = await converse(model, { estimateCost: true });
		const { inputTokens, outputTokens } = usageOf(json);
		const prices = PRICE_TABLE.models[model].default;
		const input = (inputTokens * prices.input) / 1_000_000;
		const output = (outputTokens * prices.output) / 1_000_000;
		expect(inputTokens).toBeGreaterThan(0);
		expect(json.cost).toEqual({
			currency: 'USD',
			input: expect.closeTo(input, 12),
			output: expect.closeTo(output, 12),
			total: expect.closeTo(input + output, 12),
			tier: 'default',
			pricesFrom: `table ${PRICE_TABLE.date}`,
		});
		expect(json).not.toHaveProperty('costNote');
	},
);

it('a model the table lacks gets no estimate, and the output says why', async () => {
	const json = await converse('anthropic.claude-3-5-haiku-20241022-v1:0', { estimateCost: true });
	expect(json).not.toHaveProperty('cost');
	expect(json.costNote).toBe(
		`The price table (${PRICE_TABLE.date}) has no prices for anthropic.claude-3-5-haiku-20241022-v1:0; add them in Prices (JSON)`,
	);
});

it('a tier the table has no prices for gets no estimate', async () => {
	const json = await converse('amazon.nova-lite-v1:0', { estimateCost: true, serviceTier: 'flex' });
	expect(json).not.toHaveProperty('cost');
	expect(json.costNote).toMatch(/no "flex" tier prices for amazon.nova-lite-v1:0/);
});

it("the user's prices for a model and tier replace the table's", async () => {
	const prices = { 'amazon.nova-lite-v1:0': { flex: { input: 0.03, output: 0.12 } } };
	const json = await converse('amazon.nova-lite-v1:0', {
		estimateCost: true,
		serviceTier: 'flex',
		prices: JSON.stringify(prices),
	});
	const { inputTokens, outputTokens } = usageOf(json);
	expect(json.cost).toMatchObject({
		input: expect.closeTo((inputTokens * 0.03) / 1e6, 12),
		output: expect.closeTo((outputTokens * 0.12) / 1e6, 12),
		tier: 'flex',
		pricesFrom: 'your prices',
	});
});

it('without Estimate Cost there is neither field', async () => {
	const json = await converse('amazon.nova-lite-v1:0', {});
	expect(json).not.toHaveProperty('cost');
	expect(json).not.toHaveProperty('costNote');
});

it.each([
	['not JSON', '{oops', /is not valid JSON/],
	['a negative price', '{"m": {"default": {"input": -1, "output": 1}}}', /"input" is not a price/],
	['too long', ' '.repeat(50_001), /is 50001 characters long/],
])('Prices (JSON) %s fails the item before any call', async (_case, prices, message) => {
	const { result } = runNode(node, aws.emulator, {
		parameters: {
			model: locator('amazon.nova-lite-v1:0'),
			prompt: 'hi',
			options: { estimateCost: true, prices },
		},
	});
	const error = await result.catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as Error).message).toMatch(message);
	expect(aws.emulator.count('Converse')).toBe(0);
});
