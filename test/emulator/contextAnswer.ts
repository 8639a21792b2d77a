/**
 * The emulator model's answer to a retrieval-augmented prompt, such as n8n's Question and Answer
 * Chain sends: a system message with a line starting `Context: ` followed by the retrieved
 * passages, separated by blank lines. The answer quotes the passage that shares the most words
 * with the question (the first of equals), so a test can tell which document it was built from.
 */
import { blockText, type ConverseInput } from './converse';

const MARKER = '\nContext: ';

const wordsOf = (text: string): Set<string> =>
	new Set(
		text
			.toLowerCase()
			.split(/[^\p{L}\p{N}]+/u)
			.filter((w) => w.length > 2),
	);

/** The answer from the prompt's context, or undefined when the prompt has none. */
export function contextAnswer(input: ConverseInput, question: string): string | undefined {
	const system = input.system.map(blockText).join('\n');
	const at = system.indexOf(MARKER);
	if (at < 0) return undefined;
	const passages = system
		.slice(at + MARKER.length)
		.split('\n\n')
		.map((p) => p.trim())
		.filter((p) => p.length > 0);
	if (passages.length === 0) return "I don't know: the context is empty.";
	const asked = wordsOf(question);
	let best = passages[0];
	let bestShared = -1;
	for (const passage of passages) {
		const shared = [...wordsOf(passage)].filter((w) => asked.has(w)).length;
		if (shared > bestShared) [best, bestShared] = [passage, shared];
	}
	return `From the context: ${best}`;
}
