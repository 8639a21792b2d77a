import { OTHER_REGION } from '../../transport/regions';
import { CredentialValidationError } from '../errors';
import { validateRegion } from '../validate';
import { text } from './fields';

/** A region dropdown and its custom box: their display names and the data keys they save to. */
export interface RegionFields {
	dropdown: string;
	custom: string;
	keys: readonly [dropdown: string, custom: string];
	/** A dropdown value that defers to another region ("Same as Bedrock Region"), if any. */
	inherit?: string;
}

/** The two region choices of every credential. */
export const REGION_FIELDS = {
	bedrock: {
		dropdown: 'Bedrock Region',
		custom: 'Bedrock Custom Region',
		keys: ['region', 'customRegion'],
	},
	auth: {
		dropdown: 'Auth Region',
		custom: 'Auth Custom Region',
		keys: ['authRegion', 'authCustomRegion'],
		inherit: 'auto',
	},
} as const satisfies Record<string, RegionFields>;

/**
 * The region a dropdown and its custom box choose; undefined when the dropdown defers (or is
 * empty). "Other" needs a typed region. Credentials saved before "Other" existed may hold a
 * custom region next to a listed one, with the box now hidden: a non-empty custom region still
 * wins there, and an invalid one is reported on the dropdown the user can see.
 */
export function chosenRegion(
	fields: RegionFields,
	data: Readonly<Record<string, unknown>>,
): string | undefined {
	const [dropdownKey, customKey] = fields.keys;
	const dropdown = text(data[dropdownKey]);
	const custom = text(data[customKey]);
	if (dropdown === OTHER_REGION) {
		if (!custom) {
			throw new CredentialValidationError(
				fields.custom,
				`is empty: type a region code such as eu-central-2, or pick a region in ${fields.dropdown}`,
				'MissingField',
			);
		}
		return validateRegion(fields.custom, custom);
	}
	if (custom) {
		try {
			return validateRegion(fields.custom, custom);
		} catch {
			throw new CredentialValidationError(
				fields.dropdown,
				`this credential also holds the custom region "${custom}" (saved before the "Other (Type a Region)" choice existed), which is not a region code; choose "Other (Type a Region)" to see and correct it`,
				'InvalidRegion',
			);
		}
	}
	if (!dropdown || dropdown === fields.inherit) return undefined;
	return validateRegion(fields.dropdown, dropdown);
}
