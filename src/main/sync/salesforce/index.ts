/** The Salesforce entry of the connector registry (../registry.ts): how a source's settings become a connector. */
import type { FieldMapping } from '../../../shared/api/methods/sources'
import type { ConnectorEntry } from '../registry'
import { createSalesforceConnector } from './connector'
import { defaultSalesforceMapping, resolveSalesforceMapping } from './mapping'

/** The screen-editable default mapping: Origin values as channels, case type and region by value, and the Salesforce part. */
function defaultMapping(): FieldMapping {
  return {
    caseTypeFieldId: null,
    caseTypeValues: {},
    caseTypeFromTags: false,
    regionFieldId: null,
    regionValues: {},
    channelValues: { ...defaultSalesforceMapping().channelValues },
    vendor: vendorDefaults(),
  }
}

function vendorDefaults(): NonNullable<FieldMapping['vendor']> {
  const d = defaultSalesforceMapping()
  return {
    statusValues: d.statusValues,
    priorityValues: d.priorityValues,
    caseTypeField: d.caseTypeField,
    regionField: d.regionField,
  }
}

export const salesforceConnectorEntry: ConnectorEntry = {
  create: (c) =>
    createSalesforceConnector({
      baseUrl: c.baseUrl,
      credentials: c.credentials,
      mapping: c.mapping,
      comments: c.fetchComments,
      batchSize: c.perPage,
      http: c.http,
    }),
  defaultMapping,
  checkMapping: (mapping) => void resolveSalesforceMapping({}, mapping),
}

export { createSalesforceConnector }
