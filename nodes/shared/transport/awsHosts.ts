/**
 * Whether a host name is an AWS endpoint of one service: the names AWS gives its regional, FIPS,
 * dual-stack and VPC endpoints, in every partition's DNS suffix. A name merely under
 * `amazonaws.com` is not enough: API Gateway, load balancers, S3 websites and EC2 instances of
 * any AWS customer live there too.
 */
import { REGION_PATTERN } from './regions';

/** The DNS suffixes of AWS endpoints: IPv4 and dual-stack, commercial and China partitions. */
const AWS_DNS_SUFFIXES = [
	'amazonaws.com',
	'amazonaws.com.cn',
	'api.aws',
	'api.amazonwebservices.com.cn',
];

/** The longest host name DNS allows; longer text is no host name (and meets no pattern). */
const MAX_HOSTNAME = 253;
const VPC_ENDPOINT_LABEL = /^vpce-[a-z0-9-]{1,58}$/;

export type AwsEndpointService = 'sts' | 'bedrock' | 'bedrock-runtime';

/**
 * `true` for the endpoint names of `service`:
 * `<service>[-fips].<region>.<suffix>`, `sts.amazonaws.com` (STS's global endpoint), and VPC
 * endpoint names `vpce-….<service>[-fips].<region>.vpce.<suffix>`.
 */
export function isAwsEndpointHost(hostname: string, service: AwsEndpointService): boolean {
	if (hostname.length > MAX_HOSTNAME) return false;
	const host = (hostname.endsWith('.') ? hostname.slice(0, -1) : hostname).toLowerCase();
	const suffix = AWS_DNS_SUFFIXES.find((candidate) => host.endsWith(`.${candidate}`));
	if (!suffix) return false;
	const labels = host.slice(0, -suffix.length - 1).split('.');
	const named = (label: string) => label === service || label === `${service}-fips`;
	const regional = (label: string | undefined) => label !== undefined && REGION_PATTERN.test(label);
	switch (labels.length) {
		case 1:
			return service === 'sts' && labels[0] === 'sts' && suffix === 'amazonaws.com';
		case 2:
			return named(labels[0]) && regional(labels[1]);
		case 4:
			return (
				VPC_ENDPOINT_LABEL.test(labels[0]) &&
				named(labels[1]) &&
				regional(labels[2]) &&
				labels[3] === 'vpce'
			);
		default:
			return false;
	}
}
