/**
 * Deterministic embeddings that mean something: each scoring word of a text (knowledgeBaseSearch's
 * `words`) adds ±1 at two places of the vector picked by its hash, so the same text always gives
 * the same vector and texts sharing words point closer together than texts that share none. A text
 * without scoring words gets a vector from the hash of the whole text.
 */
import { createHash } from 'node:crypto';

import { words } from './knowledgeBaseSearch';

function hashVector(text: string, dimensions: number): number[] {
	const out: number[] = [];
	for (let block = 0; out.length < dimensions; block++) {
		const digest = createHash('sha256').update(`${block}:${text}`).digest();
		for (let i = 0; i + 1 < digest.length && out.length < dimensions; i += 2) {
			out.push(digest.readInt16BE(i) / 32768);
		}
	}
	return out;
}

/** A text's vector of `dimensions` numbers, unit length when `normalize`. */
export function embedText(text: string, dimensions: number, normalize = true): number[] {
	const terms = words(text);
	let out: number[];
	if (terms.length === 0) {
		out = hashVector(text, dimensions);
	} else {
		out = new Array<number>(dimensions).fill(0);
		for (const term of terms) {
			const digest = createHash('sha256').update(term).digest();
			for (const offset of [0, 4]) {
				const place = digest.readUInt32BE(offset) % dimensions;
				out[place] += digest[8 + offset] & 1 ? 1 : -1;
			}
		}
	}
	if (!normalize) return out;
	const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0)) || 1;
	return out.map((v) => v / norm);
}

/** Tokens the emulator counts for a text: its words, at least one. */
export const tokenCount = (text: string): number =>
	Math.max(1, text.split(' ').filter((w) => w.length > 0).length);
