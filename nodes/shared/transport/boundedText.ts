/**
 * Text that a user typed or a remote host sent is cut to a known size before any regular
 * expression reads it (DESIGN.md, "Nothing a user types, pastes or receives may stall n8n"). The
 * patterns are linear too (`npm run lint` refuses super-linear ones); the bound keeps even a
 * linear pass, and the messages built from the text, small.
 */

/**
 * Longest error message or error body (in characters) that any pattern reads. AWS error messages
 * are a few hundred characters; a ValidationException that quotes a 2,048-character value stays
 * well inside.
 */
export const MAX_MESSAGE_CHARS = 8_192;

/** Characters a secret or token can be made of (base64, base64url, URL-encoded, hex). */
const isTokenChar = (code: number) =>
	(code >= 48 && code <= 57) || // 0-9
	(code >= 65 && code <= 90) || // A-Z
	(code >= 97 && code <= 122) || // a-z
	code === 43 || // +
	code === 47 || // /
	code === 61 || // =
	code === 37 || // %
	code === 95 || // _
	code === 45; // -

/**
 * `text` cut to `max` characters, saying how much was left out. A token cut in two is dropped
 * whole, so no part of a secret the redaction would have recognised whole survives the cut.
 */
export function boundText(text: string, max = MAX_MESSAGE_CHARS): string {
	if (text.length <= max) return text;
	let end = max;
	if (isTokenChar(text.charCodeAt(end))) {
		while (end > 0 && isTokenChar(text.charCodeAt(end - 1))) end--;
	}
	return `${text.slice(0, end)}… (${(text.length - end).toLocaleString('en-US')} more characters left out)`;
}

/** `text` without the run of `char` at its end; a loop, as `/x+$/` is quadratic on `xxx…y`. */
export function stripTrailing(text: string, char: string): string {
	let end = text.length;
	while (end > 0 && text[end - 1] === char) end--;
	return text.slice(0, end);
}

/**
 * Why a typed identifier is refused before any pattern meets it: undefined when it has at most
 * `max` characters, else `is 1,000,000 characters long; at most 2,048`.
 */
export function tooLong(value: string, max: number): string | undefined {
	if (value.length <= max) return undefined;
	const count = (n: number) => n.toLocaleString('en-US');
	return `is ${count(value.length)} characters long; at most ${count(max)}`;
}
