/** Page size the pickers ask AWS list operations for. */
export const PAGE_SIZE = 100;

/** Most pages a picker reads, so a huge account cannot keep a picker loading for long. */
export const MAX_PAGES = 10;

/** Reads up to {@link MAX_PAGES} pages of a paginated AWS list. */
export async function readPages<T>(
	page: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
	const all: T[] = [];
	let nextToken: string | undefined;
	for (let i = 0; i < MAX_PAGES; i++) {
		const out = await page(nextToken);
		all.push(...out.items);
		nextToken = out.nextToken;
		if (!nextToken) break;
	}
	return all;
}
