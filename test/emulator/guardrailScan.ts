/**
 * The guardrail engine's scanners: words and phrases, e-mail addresses and numbers (phone, US
 * SSN, card), each one forward pass over the text with no regular expression, so any input
 * costs time in proportion to its length (guardrails.test.ts runs a long hostile one).
 */
import type { PiiType } from './guardrailCatalog';

export interface Span {
	start: number;
	end: number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;
const isWordChar = (c: number) => isDigit(c) || isLetter(c);

/** The words of a text (runs of letters and digits), lower-cased, with where they stand. */
export function wordsOf(text: string): Array<Span & { word: string }> {
	const words: Array<Span & { word: string }> = [];
	let start = -1;
	for (let i = 0; i <= text.length; i++) {
		const inWord = i < text.length && isWordChar(text.charCodeAt(i));
		if (inWord && start < 0) start = i;
		else if (!inWord && start >= 0) {
			words.push({ start, end: i, word: text.slice(start, i).toLowerCase() });
			start = -1;
		}
	}
	return words;
}

/**
 * The first occurrence of a phrase (one or more words, case-insensitive) as whole words, or
 * undefined. Cost: words of the text times words of the phrase.
 */
export function findPhrase(
	words: ReadonlyArray<Span & { word: string }>,
	text: string,
	phrase: string,
): (Span & { match: string }) | undefined {
	const wanted = wordsOf(phrase).map((w) => w.word);
	if (wanted.length === 0) return undefined;
	for (let i = 0; i + wanted.length <= words.length; i++) {
		let k = 0;
		while (k < wanted.length && words[i + k].word === wanted[k]) k++;
		if (k === wanted.length) {
			const start = words[i].start;
			const end = words[i + k - 1].end;
			return { start, end, match: text.slice(start, end) };
		}
	}
	return undefined;
}

const EMAIL_LOCAL = new Set('._%+-'.split(''));

/** Whether `chunk` is `local@domain.tld` with the characters addresses use. */
function isEmail(chunk: string): boolean {
	const at = chunk.indexOf('@');
	if (at <= 0 || at !== chunk.lastIndexOf('@')) return false;
	for (let i = 0; i < at; i++) {
		const c = chunk.charCodeAt(i);
		if (!isWordChar(c) && !EMAIL_LOCAL.has(chunk[i])) return false;
	}
	const domain = chunk.slice(at + 1);
	const labels = domain.split('.');
	if (labels.length < 2) return false;
	return labels.every(
		(label) =>
			label.length > 0 &&
			label[0] !== '-' &&
			[...label].every((ch) => isWordChar(ch.charCodeAt(0)) || ch === '-'),
	);
}

const CHUNK_END = new Set(' \t\r\n,;:<>()[]"\''.split(''));
const TRAILING = new Set('.!?'.split(''));

/** E-mail addresses: each chunk between spaces and brackets, its closing punctuation left out. */
function emails(text: string): Span[] {
	const found: Span[] = [];
	let start = 0;
	for (let i = 0; i <= text.length; i++) {
		if (i < text.length && !CHUNK_END.has(text[i])) continue;
		let end = i;
		while (end > start && TRAILING.has(text[end - 1])) end--;
		if (end > start && isEmail(text.slice(start, end))) found.push({ start, end });
		start = i + 1;
	}
	return found;
}

const NUMBER_SEPARATORS = new Set(' -.()'.split(''));

/** Luhn's check of a card number's digits. */
function luhn(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 === 0;
}

/** What a run of digits and separators is, if any of the number entities. */
function classifyNumber(raw: string): PiiType | undefined {
	let digits = '';
	const groups: number[] = [];
	let run = 0;
	const separators = new Set<string>();
	for (const ch of raw) {
		if (isDigit(ch.charCodeAt(0))) {
			digits += ch;
			run++;
		} else {
			if (run > 0) groups.push(run);
			run = 0;
			if (ch !== '+') separators.add(ch);
		}
	}
	if (run > 0) groups.push(run);
	if (
		groups.join(',') === '3,2,4' &&
		separators.size === 1 &&
		separators.has('-') &&
		!raw.startsWith('+')
	) {
		return 'US_SOCIAL_SECURITY_NUMBER';
	}
	if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) {
		return [...separators].every((s) => s === ' ' || s === '-')
			? 'CREDIT_DEBIT_CARD_NUMBER'
			: undefined;
	}
	if (digits.length === 10 || (digits.length === 11 && digits[0] === '1')) return 'PHONE';
	return undefined;
}

/**
 * Numbers written with separators (`555-123-4567`, `(555) 123 4567`, `+1 555 123 4567`,
 * `123-45-6789`, `4111 1111 1111 1111`): runs that start with a digit, `+` or `(`, go on over
 * digits and single separators, and end where neither follows.
 */
function numbers(text: string): Array<Span & { type: PiiType }> {
	const found: Array<Span & { type: PiiType }> = [];
	let i = 0;
	while (i < text.length) {
		const c = text.charCodeAt(i);
		const startsNumber =
			isDigit(c) || ((text[i] === '+' || text[i] === '(') && isDigit(text.charCodeAt(i + 1) || 0));
		if (!startsNumber || (i > 0 && isWordChar(text.charCodeAt(i - 1)))) {
			i++;
			continue;
		}
		let j = i + 1;
		let lastDigit = isDigit(c) ? i : -1;
		while (j < text.length) {
			const d = text.charCodeAt(j);
			if (isDigit(d)) {
				lastDigit = j;
				j++;
			} else if (NUMBER_SEPARATORS.has(text[j]) && j - lastDigit <= 2) {
				j++;
			} else break;
		}
		const end = lastDigit + 1;
		const nextIsWord = end < text.length && isLetter(text.charCodeAt(end));
		const type = nextIsWord ? undefined : classifyNumber(text.slice(i, end));
		if (type) found.push({ start: i, end, type });
		i = Math.max(end, i + 1);
	}
	return found;
}

/** The PII entities of `types` in the text, in order, none overlapping another. */
export function piiEntities(
	text: string,
	types: ReadonlySet<PiiType>,
): Array<Span & { type: PiiType; match: string }> {
	const all: Array<Span & { type: PiiType }> = [
		...(types.has('EMAIL') ? emails(text).map((s) => ({ ...s, type: 'EMAIL' as const })) : []),
		...numbers(text).filter((n) => types.has(n.type)),
	].sort((a, b) => a.start - b.start);
	const kept: Array<Span & { type: PiiType; match: string }> = [];
	for (const entity of all) {
		const last = kept[kept.length - 1];
		if (last && entity.start < last.end) continue;
		kept.push({ ...entity, match: text.slice(entity.start, entity.end) });
	}
	return kept;
}
