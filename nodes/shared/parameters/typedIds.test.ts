import { NodeOperationError, type INode } from 'n8n-workflow';

import { ParameterError } from '../errors/parameterError';
import { toNodeError } from '../errors';
import {
	checkTypedId,
	isTypedId,
	TYPED_IDS,
	typedIdValidation,
	type TypedIdField,
} from './typedIds';

const FIELDS = Object.keys(TYPED_IDS) as TypedIdField[];

describe('typed IDs', () => {
	it.each(FIELDS)('%s: the form validates with the run-time pattern itself', (field) => {
		const [rule] = typedIdValidation(field);
		expect(rule.properties.regex).toBe(TYPED_IDS[field].pattern.source);
		// The form compiles the string; it must mean what the literal means.
		const form = new RegExp(rule.properties.regex);
		for (const value of [
			'AB12CD34EF',
			'TSTALIASID',
			'amazon.nova-lite-v1:0',
			'a',
			'x y',
			'arn:aws:bedrock:us-east-1::foundation-model/x',
		])
			expect(form.test(value)).toBe(TYPED_IDS[field].pattern.test(value));
	});

	it.each<[TypedIdField, string, boolean]>([
		['Agent', 'AB12CD34EF', true],
		['Agent', 'AB12CD34E', false],
		['Agent Alias', 'TSTALIASID', true],
		['Knowledge Base', 'kb-1234567', false],
		['Session ID', 'a', false],
		['Session ID', 'session.1:2_3-4', true],
		['Model', 'us.anthropic.claude-sonnet-4-20250514-v1:0', true],
		['Model', 'claude', false],
		['Model ARN', 'arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/x', true],
		['Model ARN', 'arn:aws:iam::123456789012:role/x', false],
	])('%s %j: %s', (field, value, expected) => {
		expect(isTypedId(field, value)).toBe(expected);
	});

	it('refuses a value by its length before its pattern, naming the field', () => {
		const error = (() => {
			try {
				return checkTypedId('Agent', 'A'.repeat(1_000_000));
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(ParameterError);
		expect((error as Error).message).toBe('Agent: is 1,000,000 characters long; at most 10');
	});

	it('says what a wrong value is not, quoting 40 characters at most, with the hint', () => {
		expect(() => checkTypedId('Session ID', `${'x'.repeat(50)} y`)).toThrow(
			`Session ID: "${'x'.repeat(40)}…" is not valid`,
		);
		expect(() => checkTypedId('Knowledge Base', ' ')).toThrow('Knowledge Base: none chosen');
		expect(checkTypedId('Agent', ' AB12CD34EF ')).toBe('AB12CD34EF');
	});
});

describe('ParameterError through toNodeError', () => {
	const node: INode = {
		id: '1',
		name: 'Bedrock',
		type: 'n8n-nodes-bedrock-iam.bedrockConverse',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};

	it('is the item NodeOperationError: field and problem, the hint as description', () => {
		const error = toNodeError(node, new ParameterError('Prompt', 'is empty', 'Enter a prompt.'), {
			itemIndex: 3,
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Prompt: is empty');
		expect(error.description).toBe('Enter a prompt.');
		expect(error.context.itemIndex).toBe(3);
	});
});
