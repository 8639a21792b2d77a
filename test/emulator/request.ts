/**
 * A received HTTP request in the form the verifiers and handlers need: raw path and query as sent
 * (signatures are computed over them), headers in lower case, the body as bytes.
 */

export interface ReceivedRequest {
	method: string;
	/** Path exactly as sent, still URL-encoded, without the query. */
	rawPath: string;
	/** Query string exactly as sent, without the `?` (empty if none). */
	rawQuery: string;
	/**
	 * Header names in lower case; repeated headers joined with `, `. Over HTTP/2 this includes the
	 * `:authority` pseudo-header, which SigV4 signs in place of `host`.
	 */
	headers: Record<string, string>;
	body: Buffer;
}

/** Decodes a query string into name → value(s), keeping repeated names as arrays. */
export function parseQuery(rawQuery: string): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	if (!rawQuery) return out;
	for (const part of rawQuery.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
		const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
		const prev = out[key];
		if (prev === undefined) out[key] = value;
		else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
	}
	return out;
}

/** The first value of each query parameter. */
export const firstValues = (query: Record<string, string | string[]>): Record<string, string> =>
	Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));

/** `decodeURIComponent` that keeps malformed escapes as they are instead of throwing. */
export function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** Parses an `X-Amz-Date` value (`yyyymmddThhmmssZ`); undefined if malformed. */
export function parseAmzDate(value: string | undefined): Date | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s] = m;
	const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Formats a date as `yyyymmddThhmmssZ`. */
export const formatAmzDate = (date: Date): string =>
	date
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');

/**
 * Checks a signing date against the server clock, with AWS's wording when it is out of range;
 * undefined when it is fine.
 */
export function clockSkewMessage(
	signed: Date,
	now: Date,
	maxSkewSeconds: number,
): string | undefined {
	const skewMs = maxSkewSeconds * 1000;
	const minutes = Math.round(maxSkewSeconds / 60);
	if (signed.getTime() < now.getTime() - skewMs) {
		return (
			`Signature expired: ${formatAmzDate(signed)} is now earlier than ` +
			`${formatAmzDate(new Date(now.getTime() - skewMs))} (${formatAmzDate(now)} - ${minutes} min.)`
		);
	}
	if (signed.getTime() > now.getTime() + skewMs) {
		return (
			`Signature not yet current: ${formatAmzDate(signed)} is still later than ` +
			`${formatAmzDate(new Date(now.getTime() + skewMs))} (${formatAmzDate(now)} + ${minutes} min.)`
		);
	}
	return undefined;
}
