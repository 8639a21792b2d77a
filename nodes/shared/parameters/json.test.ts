import { readJsonParameter } from './json';

describe('readJsonParameter', () => {
	it('parses text and passes expression values through', () => {
		expect(readJsonParameter('{"a": [1]}')).toEqual({ value: { a: [1] } });
		const value = { already: 'parsed' };
		expect(readJsonParameter(value)).toEqual({ value });
	});

	it('says what is wrong without quoting the text', () => {
		const read = readJsonParameter('{"prompt": confidential-words}');
		expect(read).toEqual({ problem: expect.stringMatching(/^Unexpected token/) });
		expect(JSON.stringify(read)).not.toContain('confidential');
	});
});
