import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/descriptions/authentication';
import {
	guardrailIdentifierOption,
	guardrailTraceOption,
	guardrailVersionOption,
	maxAttemptsOption,
	maxTokensOption,
	performanceLatencyOption,
	reasoningBudgetOption,
	serviceTierOption,
	stopSequencesOption,
	temperatureOption,
	topPOption,
} from '../shared/descriptions/options';
import { modelProperty } from '../shared/descriptions/model';

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		guardrailIdentifierOption,
		guardrailTraceOption,
		guardrailVersionOption,
		maxAttemptsOption,
		maxTokensOption,
		performanceLatencyOption,
		{
			displayName: 'Prompt Caching',
			name: 'promptCaching',
			type: 'boolean',
			default: false,
			description:
				"Whether to place cache points after the system message and the agent's tools, so the next turns read that prefix from the cache",
		},
		reasoningBudgetOption,
		serviceTierOption,
		stopSequencesOption,
		temperatureOption,
		topPOption,
	],
};

export const properties: INodeProperties[] = [authenticationProperty, modelProperty, options];
