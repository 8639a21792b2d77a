/**
 * Where a JSON text first goes wrong, in words a workflow builder can act on ("a comma before
 * "]" (trailing comma)", "expected ":" after the property name").
 *
 * Kept hand-written rather than replaced by a parser library: `JSON.parse` decides validity, and
 * this scanner only runs after it failed, to say where and what was expected. A maintained
 * parser that reports offsets (jsonc-parser) parses JSONC, not JSON: comments and, by option,
 * trailing commas pass, its error codes would still need this file's wording, and it recurses
 * without a depth bound like this one does. The scanner is linear in the text and is covered by
 * template.test.ts, including 200,000 nested brackets.
 */
/** Stops the JSON scanner at the first error. */
class JsonSyntaxError {
	constructor(
		readonly offset: number,
		readonly problem: string,
	) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Finds the first JSON syntax error in `text` and says what was expected there. Used only after
 * `JSON.parse` failed, because V8's messages do not always carry a position.
 */
export function findJsonError(text: string): { offset: number; problem: string } | undefined {
	let i = 0;
	const fail = (problem: string, at = i): never => {
		throw new JsonSyntaxError(at, problem);
	};
	const describe = (at: number) => (at >= text.length ? 'the end of the text' : `"${text[at]}"`);
	const ws = () => {
		while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
	};
	const string = () => {
		const start = i;
		i++;
		for (;;) {
			if (i >= text.length) fail('a string is not closed with "', start);
			const c = text.charCodeAt(i);
			if (c === 0x22) {
				i++;
				return;
			}
			if (c === 0x5c) {
				const next = text[i + 1];
				if (next === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
						fail('\\u must be followed by four hex digits');
					}
					i += 6;
				} else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
					i += 2;
				} else {
					fail(`"\\${next ?? ''}" is not a JSON escape; write \\\\ for a backslash`);
				}
				continue;
			}
			if (c < 0x20) {
				fail('a raw line break or control character inside a string; write \\n or \\t instead');
			}
			i++;
		}
	};
	const value = (): void => {
		const c = text[i];
		if (c === '{') return members('}', property, 'a property value');
		if (c === '[') return members(']', value, 'an array element');
		if (c === '"') return string();
		if (c === '-' || (c >= '0' && c <= '9')) {
			NUMBER.lastIndex = i;
			const match = NUMBER.exec(text);
			if (!match) fail('not a valid number');
			i += match![0].length;
			return;
		}
		for (const word of ['true', 'false', 'null']) {
			if (c === word[0]) {
				if (text.startsWith(word, i)) {
					i += word.length;
					return;
				}
				fail(`expected ${word}`);
			}
		}
		fail(`expected a value but found ${describe(i)}`);
	};
	/** The members of an object or array, from its opening bracket to `close`, comma-separated. */
	const members = (close: '}' | ']', member: () => void, memberName: string) => {
		i++;
		ws();
		if (text[i] === close) {
			i++;
			return;
		}
		for (;;) {
			member();
			ws();
			if (text[i] === ',') {
				const comma = i;
				i++;
				ws();
				if (text[i] === close) fail(`a comma before "${close}" (trailing comma)`, comma);
				continue;
			}
			if (text[i] === close) {
				i++;
				return;
			}
			fail(`expected "," or "${close}" after ${memberName} but found ${describe(i)}`);
		}
	};
	const property = () => {
		if (text[i] !== '"') fail(`expected a property name in double quotes but found ${describe(i)}`);
		string();
		ws();
		if (text[i] !== ':') fail(`expected ":" after the property name but found ${describe(i)}`);
		i++;
		ws();
		value();
	};
	try {
		ws();
		value();
		ws();
		if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
		return undefined;
	} catch (error) {
		if (error instanceof JsonSyntaxError) return { offset: error.offset, problem: error.problem };
		return { offset: i, problem: 'nested too deeply' };
	}
}
