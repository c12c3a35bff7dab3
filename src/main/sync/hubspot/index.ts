/** The HubSpot entry of the connector registry (../registry.ts): how a source's settings become a connector. */
import type { FieldMapping } from '../../../shared/api/methods/sources'
import type { ConnectorEntry } from '../registry'
import { createHubSpotConnector } from './connector'
import { defaultHubSpotMapping, resolveHubSpotMapping } from './mapping'

/** The screen-editable default mapping: source_type values as channels, categories by value, and the HubSpot part. */
function defaultMapping(): FieldMapping {
  return {
    caseTypeFieldId: null,
    caseTypeValues: {},
    caseTypeFromTags: false,
    regionFieldId: null,
    regionValues: {},
    channelValues: { ...defaultHubSpotMapping().channelValues },
    vendor: vendorDefaults(),
  }
}

function vendorDefaults(): NonNullable<FieldMapping['vendor']> {
  const d = defaultHubSpotMapping()
  return {
    statusValues: d.stageValues,
    priorityValues: d.priorityValues,
    caseTypeField: d.caseTypeProperty,
    regionField: d.regionProperty,
  }
}

export const hubspotConnectorEntry: ConnectorEntry = {
  create: (c) =>
    createHubSpotConnector({
      baseUrl: c.baseUrl,
      credentials: c.credentials,
      mapping: c.mapping,
      comments: c.fetchComments,
      perPage: c.perPage,
      http: c.http,
    }),
  defaultMapping,
  checkMapping: (mapping) => void resolveHubSpotMapping({}, mapping),
}

export { createHubSpotConnector }
