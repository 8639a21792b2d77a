/**
 * Converse's `requestMetadata` as Bedrock checks it (Converse API reference): a map of at most
 * 16 entries, keys of 1 to 256 and values of 0 to 256 characters, each of letters, digits, white
 * space and `: _ @ $ # = / + , - .`. What fails is a ValidationException naming the member, as
 * the service's constraint messages do. Written from the API reference, not from the package.
 */
import { ApiError } from './protocol';

const MAX_ENTRIES = 16;
const MAX_LENGTH = 256;
/** Applied only to strings of at most 256 characters. */
const CHARACTERS = /^[a-zA-Z0-9\s:_@$#=/+,.-]*$/;

const refuse = (rule: string) =>
	new ApiError(
		400,
		'ValidationException',
		`1 validation error detected: Value at 'requestMetadata' failed to satisfy constraint: ${rule}`,
	);

/** Throws ValidationException for metadata Converse would refuse; absent metadata is fine. */
export function checkRequestMetadata(metadata: unknown): void {
	if (metadata === undefined) return;
	if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
		throw refuse('Member must be a map');
	}
	const entries = Object.entries(metadata as Record<string, unknown>);
	if (entries.length > MAX_ENTRIES) {
		throw refuse(`Member must have length less than or equal to ${MAX_ENTRIES}`);
	}
	for (const [key, value] of entries) {
		if (key.length < 1 || key.length > MAX_LENGTH || !CHARACTERS.test(key)) {
			throw refuse(
				`Map keys must satisfy constraint: [Member must have length between 1 and ${MAX_LENGTH}, Member must satisfy regular expression pattern: [a-zA-Z0-9\\s:_@$#=/+,-.]{1,256}]`,
			);
		}
		if (typeof value !== 'string' || value.length > MAX_LENGTH || !CHARACTERS.test(value)) {
			throw refuse(
				`Map value must satisfy constraint: [Member must have length less than or equal to ${MAX_LENGTH}, Member must satisfy regular expression pattern: [a-zA-Z0-9\\s:_@$#=/+,-.]{0,256}]`,
			);
		}
	}
}
