import { checkRequestMetadata } from '../../../test/emulator/requestMetadata';
import { ParameterError } from '../errors/parameterError';
import { callOrigin, MAX_METADATA_PAIRS, requestMetadata } from './requestMetadata';

const origin = { workflowId: 'wf1', executionId: '42', nodeName: 'Ask Bedrock' };
const pairs = (...list: Array<[string, string]>) => ({
	pairs: list.map(([key, value]) => ({ key, value })),
});

describe('requestMetadata', () => {
	it("names the workflow, execution and node, then the user's pairs", () => {
		expect(requestMetadata(origin, pairs(['team', 'finance'], ['cost-centre', 'CC 1234']))).toEqual(
			{
				n8nWorkflowId: 'wf1',
				n8nExecutionId: '42',
				n8nNode: 'Ask Bedrock',
				team: 'finance',
				'cost-centre': 'CC 1234',
			},
		);
	});

	it('reads what an execute or supply context says', () => {
		const ctx = {
			getWorkflow: () => ({ id: 'wf9', active: true }),
			getExecutionId: () => '77',
			getNode: () => ({ name: 'Chat' }),
		};
		expect(callOrigin(ctx as never)).toEqual({
			workflowId: 'wf9',
			executionId: '77',
			nodeName: 'Chat',
		});
	});

	it("fits n8n's own values: other characters become _, at most 256 characters", () => {
		const metadata = requestMetadata({ ...origin, nodeName: 'Résumé (v2) 🚀' + 'x'.repeat(400) });
		expect(metadata.n8nNode).toHaveLength(256);
		expect(metadata.n8nNode.startsWith('R_sum_ _v2_ __')).toBe(true);
		// What the package sends, the emulator (written from AWS's reference) accepts.
		expect(() => checkRequestMetadata(metadata)).not.toThrow();
	});

	it('leaves out an execution or workflow ID n8n does not have', () => {
		expect(requestMetadata({ nodeName: 'N' })).toEqual({ n8nNode: 'N' });
	});

	it.each([
		['an empty key', pairs(['', 'v']), /a key of 0 characters/],
		['a key over 256 characters', pairs(['k'.repeat(257), 'v']), /a key of 257 characters/],
		['a value over 256 characters', pairs(['k', 'v'.repeat(257)]), /a value of 257/],
		['a character Bedrock refuses', pairs(['team', 'a;b']), /"a;b" has a character/],
		['a unicode space', pairs(['team', 'a\u00a0b']), /has a character/],
		["one of n8n's keys", pairs(['n8nWorkflowId', 'other']), /used twice/],
		['a key twice', pairs(['a', '1'], ['a', '2']), /used twice/],
	])('refuses %s before any call', (_case, option, message) => {
		let thrown: unknown;
		try {
			requestMetadata(origin, option);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ParameterError);
		expect((thrown as Error).message).toMatch(message);
	});

	it('takes 13 pairs of its own, 16 in all, and refuses a 14th', () => {
		const list = Array.from({ length: 13 }, (_, i): [string, string] => [`k${i}`, `v${i}`]);
		const metadata = requestMetadata(origin, pairs(...list));
		expect(Object.keys(metadata)).toHaveLength(MAX_METADATA_PAIRS);
		expect(() => checkRequestMetadata(metadata)).not.toThrow();
		expect(() => requestMetadata(origin, pairs(...list, ['k13', 'v']))).toThrow(/14 pairs/);
	});

	it('a 257-character value or a 17th pair is what the emulator refuses too', () => {
		expect(() => checkRequestMetadata({ k: 'v'.repeat(257) })).toThrow(/ValidationException|value/);
		const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, '']));
		expect(() => checkRequestMetadata(many)).toThrow(/less than or equal to 16/);
	});
});
