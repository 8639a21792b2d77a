/**
 * `maxResults` / `nextToken` paging as the Bedrock control plane lists do it: the token is
 * opaque to clients (here base64 of the offset) and refused when it does not decode.
 */
import { ApiError } from './protocol';

const encodeToken = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');

const decodeToken = (token: string): number | undefined => {
	const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
	return m ? Number(m[1]) : undefined;
};

/**
 * One page of `items`. `maxResults` must be an integer from 1 to `limit` (absent: `limit`);
 * `nextToken` must come from a previous page.
 */
export function paginate<T>(
	items: T[],
	maxResults: unknown,
	nextToken: unknown,
	limit = 1000,
): { page: T[]; nextToken?: string } {
	let size = limit;
	if (maxResults !== undefined && maxResults !== null) {
		size = Number(maxResults);
		if (!Number.isInteger(size) || size < 1 || size > limit) {
			throw new ApiError(
				400,
				'ValidationException',
				`1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: ` +
					'Member must have value ' +
					(size < 1 ? 'greater than or equal to 1' : `less than or equal to ${limit}`),
			);
		}
	}
	let offset = 0;
	if (nextToken !== undefined && nextToken !== null) {
		const decoded = typeof nextToken === 'string' ? decodeToken(nextToken) : undefined;
		if (decoded === undefined) {
			throw new ApiError(400, 'ValidationException', 'The provided nextToken is not valid.');
		}
		offset = decoded;
	}
	const page = items.slice(offset, offset + size);
	return {
		page,
		nextToken: offset + size < items.length ? encodeToken(offset + size) : undefined,
	};
}
