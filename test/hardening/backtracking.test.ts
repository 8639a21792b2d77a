/**
 * No regular expression of the package may backtrack super-linearly on text a user typed or a
 * remote host sent (issue 19, item 1). Each check runs in a child process with a deadline, so an
 * exponential pattern fails the test instead of hanging it.
 *
 * 1. The checks the issue names, called as the nodes call them, on hostile inputs of 30 to 60
 *    characters (exponential growth) and of 40,000 characters (polynomial growth).
 * 2. Every regular expression literal in nodes/ and credentials/, found with the TypeScript
 *    parser, against strings built from its own words and from runs of the characters that make
 *    patterns backtrack, 20,000 characters each.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

import { slowCases, timeInChild } from '../helpers/timedChild';

const ROOT = resolve(__dirname, '../..');
const at = (path: string) => JSON.stringify(join(ROOT, path));

/** A linear check of 40,000 characters takes well under a millisecond; this is generous. */
const LIMIT_MS = 100;
const DEADLINE_MS = 15_000;

/** Model IDs built to make `^[a-z0-9-]+(\.[a-zA-Z0-9_:.-]+)+$` backtrack, 30 to 60 characters. */
const HOSTILE_MODEL_IDS = [30, 40, 46, 50, 60].flatMap((length) => [
	`a${'.a'.repeat((length - 2) / 2)}!`,
	`a${'.'.repeat(length - 2)}!`,
]);

const BLANKS = ' '.repeat(40_000);
/** Error text: blanks, and words the advice matchers look for, repeated with nothing after. */
const HOSTILE_MESSAGES = [
	BLANKS,
	`x${BLANKS}x`,
	'date '.repeat(8_000),
	'time '.repeat(8_000),
	'role '.repeat(8_000),
	'profile '.repeat(5_000),
	'model '.repeat(6_000),
	'not authorized to perform: a:b '.repeat(1_300),
	'model ID x with '.repeat(2_500),
	'signature '.repeat(4_000),
];

describe('the checks issue 19 names, on hostile input', () => {
	it('model ID checks (Converse, Generate, Chat Model; Knowledge Base) stay linear at 30–60 characters', async () => {
		const names = HOSTILE_MODEL_IDS.flatMap((id) => [
			`modelTarget ${id.length} ${id.slice(0, 4)}`,
			`resolveModelArn ${id.length} ${id.slice(0, 4)}`,
		]);
		const run = await timeInChild(
			`
			const { modelTarget } = require(${at('nodes/shared/parameters/modelTarget.ts')});
			const { resolveModelArn } = require(${at('nodes/BedrockKnowledgeBase/modelArn.ts')});
			const connection = { bedrockRegion: 'us-east-1', partition: 'aws', endpoints: {}, cacheKey: 'k' };
			const ids = ${JSON.stringify(HOSTILE_MODEL_IDS)};
			const cases = ids.flatMap((id) => [
				['modelTarget ' + id.length + ' ' + id.slice(0, 4), () => modelTarget(id, connection)],
				['resolveModelArn ' + id.length + ' ' + id.slice(0, 4), () => resolveModelArn(id, connection)],
			]);
			`,
			names,
			DEADLINE_MS,
		);
		expect(slowCases(run, LIMIT_MS)).toEqual([]);
		expect(run.timings.size).toBe(names.length);
		// Each ID is refused: modelTarget returns the error, resolveModelArn throws it.
		expect(new Set(run.thrown.values())).toEqual(new Set(['ParameterError']));
		expect([...run.thrown.keys()].every((name) => name.startsWith('resolveModelArn'))).toBe(true);
	}, 30_000);

	it('error text passes (redaction labels, advice matchers, clock skew, SDK notes) stay linear at 40,000 characters', async () => {
		const labels = ['secret_access_key', 'aws_session_token', 'x-amz-security-token', 'Bearer'];
		const names = [
			...labels.flatMap((label) => [`redact ${label} blanks`, `redact ${label} =`]),
			...HOSTILE_MESSAGES.flatMap((_, i) => [
				`advice message ${i}`,
				`clock skew message ${i}`,
				`local failure message ${i}`,
			]),
		];
		const run = await timeInChild(
			`
			const { redactSecrets } = require(${at('nodes/shared/errors/redact.ts')});
			const { describeAwsError } = require(${at('nodes/shared/errors/describe.ts')});
			const { AWS_ERROR_ADVICE } = require(${at('nodes/shared/errors/advice.ts')});
			const { isClockSkewError } = require(${at('nodes/shared/auth/rolesAnywhereAnswer.ts')});
			const { describeLocalFailure } = require(${at('nodes/shared/transport/sdkError.ts')});
			const labels = ${JSON.stringify(labels)};
			const messages = ${JSON.stringify(HOSTILE_MESSAGES)};
			const blanks = ' '.repeat(40000);
			// An AWS error answer with each code the advice table knows, as the nodes describe it.
			const everyAdvice = (message) => {
				for (const entry of AWS_ERROR_ADVICE) {
					const codes = typeof entry.code === 'string' ? [entry.code] : entry.code;
					for (const name of codes) {
						const error = Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
						describeAwsError(error, { service: entry.service, operation: entry.operation });
					}
				}
			};
			const cases = [
				...labels.flatMap((label) => [
					['redact ' + label + ' blanks', () => redactSecrets(label + blanks + '!')],
					['redact ' + label + ' =', () => redactSecrets(label + ' ='.repeat(20000) + '!')],
				]),
				...messages.flatMap((message, i) => [
					['advice message ' + i, () => everyAdvice(message)],
					['clock skew message ' + i, () => isClockSkewError({ message })],
					['local failure message ' + i, () => describeLocalFailure({ message })],
				]),
			];
			`,
			names,
			DEADLINE_MS,
		);
		expect(slowCases(run, LIMIT_MS)).toEqual([]);
		expect(run.timings.size).toBe(names.length);
		expect(run.thrown).toEqual(new Map());
	}, 30_000);
});

/** The `.ts` files that ship (tests excluded). */
function productFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return productFiles(path);
		return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
	});
}

interface Literal {
	where: string;
	source: string;
	flags: string;
}

/** Every regular expression literal of a file, with its line. */
function regexLiterals(file: string): Literal[] {
	const text = readFileSync(file, 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const found: Literal[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isRegularExpressionLiteral(node)) {
			const literal = node.text;
			const end = literal.lastIndexOf('/');
			const { line } = source.getLineAndCharacterOfPosition(node.getStart());
			found.push({
				where: `${relative(ROOT, file)}:${line + 1}`,
				source: literal.slice(1, end),
				flags: literal.slice(end + 1),
			});
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/**
 * What the strings that make a pattern backtrack are built of: runs of blanks, separators,
 * letters and digits, and of the words the pattern itself contains; each run is followed by a
 * character that ends no match, alone and after a prefix the anchored ARN patterns accept.
 */
function attackUnits(pattern: string): string[] {
	const words = new Set(pattern.match(/[A-Za-z]{2,}/g) ?? []);
	return [' ', '\t', '\n', '.', '/', '=', '-', ':', '_', 'a', '0', 'a.', '.a', 'a-', 'a ']
		.concat([...words].flatMap((word) => [`${word} `, word, `${word}.`, `${word}/`]))
		.concat(['\\n', '\r\n', '"', "'", '@', '%', '+']);
}

describe('every regular expression in product code', () => {
	const literals = [
		...productFiles(join(ROOT, 'nodes')),
		...productFiles(join(ROOT, 'credentials')),
	].flatMap(regexLiterals);

	it('finds the literals', () => {
		expect(literals.length).toBeGreaterThan(50);
		expect(literals.some((l) => l.where.startsWith('nodes/shared/parameters/typedIds.ts:'))).toBe(
			true,
		);
	});

	it('matches 20,000 characters of hostile text in linear time', async () => {
		const cases = literals.map((literal) => ({
			name: `${literal.where} /${literal.source}/${literal.flags}`,
			source: literal.source,
			flags: literal.flags,
			units: attackUnits(literal.source),
		}));
		// A case still running at the deadline kills its child; the next child goes on after it.
		const slow: string[] = [];
		for (let next = 0; next < cases.length; ) {
			const rest = cases.slice(next);
			const run = await timeInChild(
				`
				const prefixes = ['', 'arn:aws:bedrock:us-east-1:123456789012:foundation-model/'];
				const cases = ${JSON.stringify(rest)}.map(({ name, source, flags, units }) => [
					name,
					() => {
						const pattern = new RegExp(source, flags);
						for (const prefix of prefixes) for (const unit of units) {
							const text = prefix + unit.repeat(Math.ceil(20000 / unit.length)) + '\\u0001';
							pattern.lastIndex = 0;
							if (pattern.global) text.replace(pattern, '');
							else pattern.exec(text);
						}
					},
				]);
				`,
				rest.map((c) => c.name),
				DEADLINE_MS,
			);
			// Each case runs a pattern on about 60 strings: 100 ms is far past linear.
			slow.push(...slowCases(run, LIMIT_MS));
			expect(run.thrown).toEqual(new Map());
			next += run.timings.size + (run.hung ? 1 : 0);
			if (!run.hung) expect(run.timings.size).toBe(rest.length);
		}
		expect(slow).toEqual([]);
	}, 300_000);
});
