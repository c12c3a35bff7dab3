/** The Salesforce entry of the connector registry (../registry.ts): how a source's settings become a connector. */
import type { FieldMapping } from '../../../shared/api/methods/sources'
import type { ConnectorEntry } from '../registry'
import { createSalesforceConnector } from './connector'
import { defaultSalesforceMapping } from './mapping'

/** The shared, screen-editable part of the default mapping: Origin values as channels; case type and region by value. */
function defaultMapping(): FieldMapping {
  return {
    caseTypeFieldId: null,
    caseTypeValues: {},
    caseTypeFromTags: false,
    regionFieldId: null,
    regionValues: {},
    channelValues: { ...defaultSalesforceMapping().channelValues },
  }
}

export const salesforceConnectorEntry: ConnectorEntry = {
  create: (c) =>
    createSalesforceConnector({
      baseUrl: c.baseUrl,
      credentials: c.credentials,
      mapping: c.mapping,
      batchSize: c.perPage,
      http: c.http,
    }),
  defaultMapping,
}

export { createSalesforceConnector }
