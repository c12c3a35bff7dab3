/**
 * Which connector serves which kind of source. Zendesk is built in; the Salesforce and HubSpot connectors add one
 * entry each to CONNECTORS (their own folders under src/main/sync/) and get scheduling, credentials, the Sources
 * screen and the CLI without further wiring.
 */
import type { ConnectorKindName, FieldMapping, SourceCredentials } from '../../shared/api/methods/sources'
import type { HttpClientOptions } from './http'
import type { Connector } from './types'
import { createZendeskConnector } from './zendesk/connector'
import { defaultZendeskMapping } from './zendesk/mapping'
import { hubspotConnectorEntry } from './hubspot'
import { salesforceConnectorEntry } from './salesforce'

export interface ConnectorContext {
  /** Already checked by resolveBaseUrl. */
  baseUrl: string
  credentials: SourceCredentials
  mapping: FieldMapping
  fetchComments: boolean
  /** Overrides of the HTTP core (tests: short backoff). */
  http?: Partial<HttpClientOptions>
  /** Page size override (tests, the bench); each connector caps it at its vendor's limit. */
  perPage?: number
}

export interface ConnectorEntry {
  create(context: ConnectorContext): Connector
  /** The mapping a new source of this kind starts with. */
  defaultMapping(): FieldMapping
  /** Throws a sentence when a mapping cannot run (a field name the vendor's API would refuse). */
  checkMapping?(mapping: FieldMapping): void
}

export const CONNECTORS: Partial<Record<ConnectorKindName, ConnectorEntry>> = {
  zendesk: {
    create: (c) =>
      createZendeskConnector({
        baseUrl: c.baseUrl,
        credentials: c.credentials,
        mapping: c.mapping,
        fetchComments: c.fetchComments,
        perPage: c.perPage,
        http: c.http,
      }),
    defaultMapping: defaultZendeskMapping,
  },
  salesforce: salesforceConnectorEntry,
  hubspot: hubspotConnectorEntry,
}

/** Adds (or replaces) the connector of a kind at run time; for connectors that register themselves. */
export function registerConnector(kind: ConnectorKindName, entry: ConnectorEntry): void {
  CONNECTORS[kind] = entry
}
