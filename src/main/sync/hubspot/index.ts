/** The HubSpot entry of the connector registry (../registry.ts): how a source's settings become a connector. */
import type { FieldMapping } from '../../../shared/api/methods/sources'
import type { ConnectorEntry } from '../registry'
import { createHubSpotConnector } from './connector'
import { defaultHubSpotMapping } from './mapping'

/** The shared, screen-editable part of the default mapping: source_type values as channels; categories by value. */
function defaultMapping(): FieldMapping {
  return {
    caseTypeFieldId: null,
    caseTypeValues: {},
    caseTypeFromTags: false,
    regionFieldId: null,
    regionValues: {},
    channelValues: { ...defaultHubSpotMapping().channelValues },
  }
}

export const hubspotConnectorEntry: ConnectorEntry = {
  create: (c) =>
    createHubSpotConnector({
      baseUrl: c.baseUrl,
      credentials: c.credentials,
      mapping: c.mapping,
      perPage: c.perPage,
      http: c.http,
    }),
  defaultMapping,
}

export { createHubSpotConnector }
