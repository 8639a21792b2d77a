/** Regions where Amazon Bedrock runs, as offered in the credential dropdowns. */
export const BEDROCK_REGIONS = [
	{ value: 'us-east-1', name: 'US East (N. Virginia)' },
	{ value: 'us-east-2', name: 'US East (Ohio)' },
	{ value: 'us-west-2', name: 'US West (Oregon)' },
	{ value: 'ca-central-1', name: 'Canada (Central)' },
	{ value: 'sa-east-1', name: 'South America (São Paulo)' },
	{ value: 'eu-central-1', name: 'Europe (Frankfurt)' },
	{ value: 'eu-central-2', name: 'Europe (Zurich)' },
	{ value: 'eu-west-1', name: 'Europe (Ireland)' },
	{ value: 'eu-west-2', name: 'Europe (London)' },
	{ value: 'eu-west-3', name: 'Europe (Paris)' },
	{ value: 'eu-north-1', name: 'Europe (Stockholm)' },
	{ value: 'eu-south-1', name: 'Europe (Milan)' },
	{ value: 'eu-south-2', name: 'Europe (Spain)' },
	{ value: 'ap-northeast-1', name: 'Asia Pacific (Tokyo)' },
	{ value: 'ap-northeast-2', name: 'Asia Pacific (Seoul)' },
	{ value: 'ap-northeast-3', name: 'Asia Pacific (Osaka)' },
	{ value: 'ap-south-1', name: 'Asia Pacific (Mumbai)' },
	{ value: 'ap-south-2', name: 'Asia Pacific (Hyderabad)' },
	{ value: 'ap-southeast-1', name: 'Asia Pacific (Singapore)' },
	{ value: 'ap-southeast-2', name: 'Asia Pacific (Sydney)' },
	{ value: 'ap-southeast-3', name: 'Asia Pacific (Jakarta)' },
	{ value: 'ap-southeast-4', name: 'Asia Pacific (Melbourne)' },
	{ value: 'me-central-1', name: 'Middle East (UAE)' },
	{ value: 'il-central-1', name: 'Israel (Tel Aviv)' },
	{ value: 'us-gov-west-1', name: 'AWS GovCloud (US-West)' },
	{ value: 'us-gov-east-1', name: 'AWS GovCloud (US-East)' },
] as const;

/** Lowercase letters and digits in dash-separated groups, ending in a number: `eu-central-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export function partitionOf(region: string): Partition {
	if (region.startsWith('cn-')) return 'aws-cn';
	if (region.startsWith('us-gov-')) return 'aws-us-gov';
	return 'aws';
}

export function dnsSuffixOf(partition: Partition): string {
	return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * The region dropdowns' "Other (Type a Region)" value, which shows the custom region box. Not a
 * region code, so it can never be mistaken for one.
 */
export const OTHER_REGION = 'other';
