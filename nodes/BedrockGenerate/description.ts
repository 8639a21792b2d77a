import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/descriptions/authentication';
import { anyModelProperty } from '../shared/descriptions/model';
import * as generate from './actions/generate.operation';

export const properties: INodeProperties[] = [
	authenticationProperty,
	anyModelProperty,
	...generate.description,
];
