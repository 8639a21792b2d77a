import type { Json } from './types';

export const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const str = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : undefined;

export const num = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const firstChoice = (chunk: Json): Json | undefined =>
	Array.isArray(chunk.choices) && isObject(chunk.choices[0]) ? chunk.choices[0] : undefined;

/** A copy without undefined members, at any depth: an assembled body holds only what was said. */
export function compact<T>(value: T): T {
	if (Array.isArray(value)) return value.map((item: unknown) => compact(item)) as T;
	if (!isObject(value)) return value;
	const out: Json = {};
	for (const [key, member] of Object.entries(value)) {
		if (member !== undefined) out[key] = compact(member);
	}
	return out as T;
}

/** The first chunk with this member, for the metadata a stream states once (id, model). */
export const firstWith = (chunks: readonly Json[], key: string): Json | undefined =>
	chunks.find((chunk) => chunk[key] !== undefined);
