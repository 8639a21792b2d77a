/**
 * IAM-like permission checks for Bedrock: the `deny` rules of the options.
 */
import type { HandlerContext } from './context';
import { ApiError } from './protocol';

/** Throws AccessDeniedException when a deny rule matches the caller and the action. */
export function checkAllowed(ctx: HandlerContext, action: string, resource: string): void {
	const caller = ctx.caller;
	if (!caller) return;
	const denied = ctx.state.config.deny.some(
		(rule) =>
			rule.action === action &&
			(rule.principalArn === undefined ||
				rule.principalArn === caller.arn ||
				rule.principalArn === caller.roleArn),
	);
	if (denied) {
		throw new ApiError(
			403,
			'AccessDeniedException',
			`User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} ` +
				`because no identity-based policy allows the ${action} action`,
			`deny rule for ${action}`,
		);
	}
}
