import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/descriptions/authentication';
import { modelProperty } from '../shared/descriptions/model';
import * as converse from './actions/converse.operation';

export const properties: INodeProperties[] = [
	authenticationProperty,
	modelProperty,
	...converse.description,
];
