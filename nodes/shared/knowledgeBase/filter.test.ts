import type { RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';

import {
	checkRetrievalFilter,
	combineFilters,
	DATA_SOURCE_KEY,
	readMetadataFilter,
} from './filter';
import { ParameterError } from '../errors/parameterError';

const eq = (key: string, value: unknown) => ({ equals: { key, value } }) as RetrievalFilter;

describe('metadata filter', () => {
	it.each([
		['one comparison', eq('category', 'shipping')],
		[
			'every comparison operator',
			{
				orAll: [
					eq('a', 1),
					{ notEquals: { key: 'a', value: true } },
					{ greaterThan: { key: 'year', value: 2020 } },
					{ lessThanOrEquals: { key: 'year', value: 2025 } },
					{ in: { key: 'tag', value: ['x', 'y'] } },
				],
			},
		],
		[
			'the text and list operators',
			{
				andAll: [
					{ startsWith: { key: 'title', value: 'How' } },
					{ stringContains: { key: 'title', value: 'ship' } },
					{ listContains: { key: 'tags', value: 'eu' } },
					{ notIn: { key: 'tag', value: [] } },
				],
			},
		],
		['nested groups', { andAll: [eq('a', 1), { orAll: [eq('b', 2), eq('c', 3)] }] }],
	])('accepts %s', (_, filter) => {
		expect(checkRetrievalFilter(filter)).toBe(filter);
	});

	it.each([
		['a list at the top', [eq('a', 1)], 'Metadata Filter: expected an object with one operator'],
		[
			'two operators in one object',
			{ ...eq('a', 1), notEquals: { key: 'b', value: 2 } },
			'Metadata Filter: expected exactly one operator, found equals, notEquals',
		],
		['no operator', {}, 'Metadata Filter: expected exactly one operator, found none'],
		[
			'an unknown operator',
			{ contains: { key: 'a', value: 'b' } },
			'Metadata Filter: "contains" is not a filter operator',
		],
		[
			'andAll with one filter',
			{ andAll: [eq('a', 1)] },
			'Metadata Filter: at andAll, "andAll" takes a list of 2 to 5 filters',
		],
		[
			'orAll with six filters',
			{ orAll: [1, 2, 3, 4, 5, 6].map((n) => eq('a', n)) },
			'Metadata Filter: at orAll, "orAll" takes a list of 2 to 5 filters',
		],
		[
			'a bad member deep inside',
			{ andAll: [eq('a', 1), { orAll: [eq('b', 2), { equals: { key: 'c' } }] }] },
			'Metadata Filter: at andAll[1].orAll[1].equals, expected {"key": …, "value": …}',
		],
		[
			'an empty key',
			eq('', 1),
			'Metadata Filter: at equals.key, expected a metadata attribute name of 1 to 100 characters',
		],
		[
			'a key of 101 characters',
			eq('k'.repeat(101), 1),
			'Metadata Filter: at equals.key, expected a metadata attribute name of 1 to 100 characters',
		],
		[
			'"in" without a list',
			{ in: { key: 'a', value: 'x' } },
			'Metadata Filter: at in.value, expected a list',
		],
		[
			'"startsWith" with a number',
			{ startsWith: { key: 'a', value: 1 } },
			'Metadata Filter: at startsWith.value, expected text',
		],
		[
			'"greaterThan" with text',
			{ greaterThan: { key: 'year', value: '2024' } },
			'Metadata Filter: at greaterThan.value, expected a number',
		],
		['a null value', eq('a', null), 'Metadata Filter: at equals.value, expected a value'],
	])('refuses %s, naming where', (_, filter, message) => {
		expect(() => checkRetrievalFilter(filter)).toThrow(
			new ParameterError('Metadata Filter', message.slice('Metadata Filter: '.length)),
		);
	});

	it('refuses filters nested deeper than 5 levels', () => {
		let filter: object = eq('a', 1);
		for (let i = 0; i < 6; i++) filter = { andAll: [filter, eq('b', i)] };
		expect(() => checkRetrievalFilter(filter)).toThrow(/nested at most 5 levels/);
	});

	it('reads JSON text or an object, and treats empty as no filter', () => {
		expect(readMetadataFilter(undefined)).toBeUndefined();
		expect(readMetadataFilter('  ')).toBeUndefined();
		expect(readMetadataFilter('{}')).toBeUndefined();
		expect(readMetadataFilter({})).toBeUndefined();
		expect(readMetadataFilter('{"equals": {"key": "a", "value": 1}}')).toEqual(eq('a', 1));
		expect(readMetadataFilter(eq('a', 1))).toEqual(eq('a', 1));
	});

	it('says the JSON does not parse without quoting it', () => {
		let thrown: unknown;
		try {
			readMetadataFilter('{"equals": {"key": "secret-value"');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ParameterError);
		expect((thrown as Error).message).toMatch(/^Metadata Filter: not valid JSON/);
		expect((thrown as Error).message).not.toContain('secret-value');
	});

	it('restricts to data sources, alone or with the metadata filter', () => {
		expect(combineFilters(undefined, [])).toBeUndefined();
		expect(combineFilters(eq('a', 1), [' ', ''])).toEqual(eq('a', 1));
		expect(combineFilters(undefined, ['DS1'])).toEqual(eq(DATA_SOURCE_KEY, 'DS1'));
		expect(combineFilters(undefined, ['DS1', 'DS2', 'DS1'])).toEqual({
			in: { key: DATA_SOURCE_KEY, value: ['DS1', 'DS2'] },
		});
		const combined = combineFilters(eq('a', 1), ['DS1']);
		expect(combined).toEqual({ andAll: [eq('a', 1), eq(DATA_SOURCE_KEY, 'DS1')] });
		expect(checkRetrievalFilter(combined)).toBe(combined);
	});
});
