/**
 * The saved sync position of the watermark connectors (Salesforce, HubSpot): a small JSON object
 * `{v: 1, id, ...times}` where `id` breaks ties and every other key is an epoch-ms moment or null. Read back strictly:
 * a position that does not parse stops the run with a sentence rather than re-reading the whole source or skipping.
 */
import { ConnectorError } from './types'

export type WatermarkCursor<K extends string> = { v: 1; id: string | null } & Record<K, number | null>

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isMoment = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v))

/** `optional` keys may be missing from a position saved by an older version (read as null). */
export function parseWatermarkCursor<K extends string>(
  text: string | null,
  vendor: string,
  keys: readonly K[],
  optional: readonly K[] = [],
): WatermarkCursor<K> {
  const out = { v: 1, id: null } as WatermarkCursor<K>
  const moments = out as Record<string, number | null>
  if (!text) {
    for (const k of keys) moments[k] = null
    return out
  }
  let c: unknown
  try {
    c = JSON.parse(text)
  } catch {
    c = null
  }
  if (isObj(c)) for (const k of optional) if (!(k in c)) c[k] = null
  if (!isObj(c) || c.v !== 1 || !(c.id === null || typeof c.id === 'string') || !keys.every((k) => isMoment(c[k])))
    throw new ConnectorError(
      'protocol',
      `The saved ${vendor} sync position is not readable; remove and re-add the source to start over.`,
    )
  out.id = c.id
  for (const k of keys) moments[k] = c[k] as number | null
  return out
}
