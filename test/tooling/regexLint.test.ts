/**
 * `npm run lint` refuses super-linear regular expressions in product code (issue 19): ESLint with
 * the repository's own eslint.config.mjs, run on planted files as if they were in nodes/ and
 * credentials/, reports the model ID pattern that froze n8n and the quadratic ones it had.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const ESLINT = resolve(ROOT, 'node_modules/eslint/bin/eslint.js');

interface Message {
	ruleId: string | null;
	message: string;
}

/** ESLint's messages for `source` as the file `path` of the repository (it need not exist). */
function lint(path: string, source: string): Message[] {
	const run = spawnSync(
		process.execPath,
		[ESLINT, '--format', 'json', '--stdin', '--stdin-filename', path],
		{ cwd: ROOT, input: source, encoding: 'utf8' },
	);
	const [result] = JSON.parse(run.stdout) as Array<{ messages: Message[] }>;
	return result.messages;
}

const rules = (messages: Message[]) => [...new Set(messages.map((m) => m.ruleId))].sort();

describe('the regular expression lint rule', () => {
	it('refuses the model ID pattern of before (exponential backtracking)', () => {
		const messages = lint(
			'nodes/shared/planted.ts',
			'export const MODEL_ID = /^[a-z0-9-]+(\\.[a-zA-Z0-9_:.-]+)+$/;\n',
		);
		expect(rules(messages)).toContain('regexp/no-super-linear-backtracking');
		expect(
			messages.find((m) => m.ruleId === 'regexp/no-super-linear-backtracking')?.message,
		).toMatch(/exponential/);
	});

	it.each([
		[
			'the redaction label pass of before',
			'/(key)(\\s*["\']?\\s*[:=>]\\s*["\']?\\s*|\\s+)(\\w{16,})/gi',
			'regexp/no-super-linear-backtracking',
		],
		['a leading blank run', '/\\s*Deserialization error/', 'regexp/no-super-linear-move'],
		['a trailing-slash strip', '/\\/+$/', 'regexp/no-super-linear-move'],
	])('refuses %s in credentials/ too', (_name, pattern, rule) => {
		const messages = lint('credentials/Planted.credentials.ts', `export const P = ${pattern};\n`);
		expect(rules(messages)).toContain(rule);
	});

	it('refuses a pattern built at run time, which it could not check', () => {
		const messages = lint(
			'nodes/shared/planted.ts',
			'export const p = (s: string) => new RegExp(s);\n',
		);
		expect(rules(messages)).toContain('no-restricted-syntax');
	});

	it('accepts the linear model ID pattern, and leaves tests alone', () => {
		expect(
			rules(lint('nodes/shared/planted.ts', 'export const M = /^[a-z0-9-]+\\.[\\w.:-]+$/;\n')),
		).toEqual([]);
		expect(rules(lint('nodes/shared/planted.test.ts', 'export const P = /\\/+$/;\n'))).toEqual([]);
	});
});
