/**
 * What AssumeRole takes besides the role and session name: `SourceIdentity` and session `Tags`,
 * checked as STS checks them (AssumeRole API reference): a source identity of 2 to 64 characters
 * of letters, digits and `_+=,.@-` (so never the reserved `aws:` prefix); at most 50 tags, keys of
 * 1 to 128 and values of 0 to 256 characters of letters, digits, spaces and `_.:/=+-@`, no key
 * twice whatever its case. Written from the API reference, not from the package's code.
 */
const SOURCE_IDENTITY = /^[\w+=,.@-]*$/;
/** Applied to strings of at most 256 characters only. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+@-]*$/u;
const MAX_TAGS = 50;

export interface SessionAttributes {
	sourceIdentity?: string;
	tags?: Record<string, string>;
}

/** Adds one constraint violation, in the words of STS's validation. */
type Violation = (value: string | undefined, field: string, constraint: string) => void;

/** Reads `SourceIdentity` and `Tags.member.N.{Key,Value}` from an AssumeRole form. */
export function readSessionAttributes(
	form: Record<string, string>,
	violation: Violation,
	refuse: (message: string) => never,
): SessionAttributes {
	const attributes: SessionAttributes = {};
	const sourceIdentity = form.SourceIdentity;
	if (sourceIdentity !== undefined) {
		if (sourceIdentity.length < 2 || sourceIdentity.length > 64) {
			violation(sourceIdentity, 'sourceIdentity', 'Member must have length between 2 and 64');
		} else if (!SOURCE_IDENTITY.test(sourceIdentity)) {
			violation(
				sourceIdentity,
				'sourceIdentity',
				'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
			);
		}
		attributes.sourceIdentity = sourceIdentity;
	}
	const tags: Record<string, string> = {};
	const seen = new Set<string>();
	for (let n = 1; form[`Tags.member.${n}.Key`] !== undefined; n++) {
		if (n > MAX_TAGS) refuse(`Cannot exceed quota for TagsPerSession: ${MAX_TAGS}.`);
		const key = form[`Tags.member.${n}.Key`];
		const value = form[`Tags.member.${n}.Value`] ?? '';
		const field = `tags.${n}.member`;
		if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
			violation(
				key,
				`${field}.key`,
				'Member must have length between 1 and 128, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
			);
		}
		if (value.length > 256 || !TAG_TEXT.test(value)) {
			violation(
				value,
				`${field}.value`,
				'Member must have length less than or equal to 256, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*',
			);
		}
		const lower = key.toLowerCase();
		if (seen.has(lower))
			refuse('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
		seen.add(lower);
		tags[key] = value;
	}
	if (seen.size) attributes.tags = tags;
	return attributes;
}
