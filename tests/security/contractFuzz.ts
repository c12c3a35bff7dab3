/**
 * Hostile inputs for every method of the contract, derived from its zod schema (through zod's JSON Schema), so a
 * method added tomorrow is covered without touching the tests. For each method: a valid base input (generated from
 * the schema, or taken from SAMPLES when a refinement needs a specific value), then mutations that must each be
 * refused: a key the schema does not know (at the top and in every nested object), a value of the wrong JSON type
 * for every property, strings past their maximum, numbers past their bounds, arrays past their length, and
 * prototype-pollution keys.
 */
import fc from 'fast-check'
import { z } from 'zod'
import { contract, METHOD_NAMES, type MethodName } from '../../src/shared/api/contract'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  enum?: Json[]
  const?: Json
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  $ref?: string
  $defs?: Record<string, JsonSchema>
  default?: Json
}

/** Valid inputs for methods whose refinements a generated value cannot satisfy (checked against the schema). */
export const SAMPLES: Partial<Record<MethodName, unknown>> = {
  'backup.setSettings': { keepDays: 7 },
}

export function jsonSchemaOf(m: MethodName): JsonSchema {
  return z.toJSONSchema(contract[m].input, { io: 'input', unrepresentable: 'any', cycles: 'ref' }) as JsonSchema
}

function resolver(root: JsonSchema) {
  return (s: JsonSchema): JsonSchema => {
    let cur = s
    for (let i = 0; i < 10 && cur.$ref; i++) {
      const ref = cur.$ref
      if (ref === '#') cur = root
      else {
        const name = ref.replace(/^#\/\$defs\//, '')
        cur = root.$defs?.[name] ?? {}
      }
    }
    return cur
  }
}

function typesOf(s: JsonSchema): string[] {
  if (s.const !== undefined) return [jsonType(s.const)]
  if (s.enum) return [...new Set(s.enum.map(jsonType))]
  const t = s.type
  if (Array.isArray(t)) return t
  if (t) return [t === 'integer' ? 'number' : t]
  const alts = s.anyOf ?? s.oneOf
  if (alts) return [...new Set(alts.flatMap(typesOf))]
  return []
}

function jsonType(v: Json): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

let seed = 1
function matching(pattern: string, min: number, max: number): string | undefined {
  const re = new RegExp(pattern)
  for (const s of fc.sample(fc.stringMatching(re), { numRuns: 60, seed: seed++ })) {
    if (s.length >= min && s.length <= max) return s
  }
  return undefined
}

/** A minimal valid value for the schema, or undefined when none can be made. */
export function validValue(root: JsonSchema, s0: JsonSchema, depth = 0): Json | undefined {
  const resolve = resolver(root)
  const s = resolve(s0)
  if (depth > 12) return undefined
  if (s.const !== undefined) return s.const
  if (s.enum && s.enum.length > 0) return s.enum[0] as Json
  if (s.default !== undefined) return s.default
  if (s.allOf && s.allOf.length > 0) return validValue(root, s.allOf[0] as JsonSchema, depth + 1)
  const alts = s.anyOf ?? s.oneOf
  if (alts) {
    for (const a of alts) {
      const v = validValue(root, a, depth + 1)
      if (v !== undefined) return v
    }
    return undefined
  }
  const t = Array.isArray(s.type) ? s.type[0] : s.type
  switch (t) {
    case 'null':
      return null
    case 'boolean':
      return false
    case 'integer':
    case 'number': {
      let n = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1)
      if (s.maximum !== undefined && n > s.maximum) n = s.maximum
      return t === 'integer' ? Math.ceil(n) : n
    }
    case 'string': {
      const min = s.minLength ?? 0
      const max = s.maxLength ?? 200
      if (s.format === 'email') return 'analyst@example.com'
      if (s.format === 'uri' || s.format === 'url') return 'https://example.com/'
      if (s.pattern) return matching(s.pattern, Math.max(min, 1), max)
      return 'a'.repeat(Math.max(min, 1))
    }
    case 'array': {
      const out: Json[] = []
      for (let i = 0; i < (s.minItems ?? 0); i++) {
        const item = s.items
          ? validValue(root, s.items, depth + 1)
          : s.prefixItems?.[i]
            ? validValue(root, s.prefixItems[i] as JsonSchema, depth + 1)
            : null
        if (item === undefined) return undefined
        out.push(item)
      }
      return out
    }
    case 'object':
    case undefined: {
      if (t === undefined && !s.properties) return undefined
      const out: Record<string, Json> = {}
      for (const key of s.required ?? []) {
        const prop = s.properties?.[key]
        if (!prop) return undefined
        const v = validValue(root, prop, depth + 1)
        if (v === undefined) return undefined
        out[key] = v
      }
      return out
    }
    default:
      return undefined
  }
}

/** A valid base input for the method, or null when neither the schema nor SAMPLES gives one. */
export function baseInput(m: MethodName): unknown {
  const schema = contract[m].input
  const candidates: unknown[] = []
  if (m in SAMPLES) candidates.push(SAMPLES[m])
  const root = jsonSchemaOf(m)
  candidates.push(validValue(root, root))
  for (const c of candidates) if (c !== undefined && schema.safeParse(c).success) return c
  return null
}

export interface Mutation {
  /** What was done, for the failure message. */
  what: string
  input: unknown
  /** The property path the error should name (dotted), when one is known. */
  path?: string
}

const WRONG: Record<string, Json[]> = {
  string: [12345, true, ['x'], { x: 'y' }],
  number: ['12', true, [1], { n: 1 }],
  boolean: ['true', 1, [true]],
  array: ['x', 1, { 0: 'x' }],
  object: ['x', 1, [{}], true],
  null: [],
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T
}

function setAt(obj: unknown, path: string[], value: unknown): unknown {
  const copy = clone(obj) as Record<string, unknown>
  let cur = copy
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>
  cur[path.at(-1) as string] = value
  return copy
}

/**
 * Every mutation of the base that the schema must refuse (each is checked locally first; one the schema accepts is
 * reported by the test as a schema that is too loose).
 */
export function mutations(m: MethodName, base: unknown): Mutation[] {
  const root = jsonSchemaOf(m)
  const resolve = resolver(root)
  const out: Mutation[] = [
    { what: 'null instead of an object', input: null },
    { what: 'a string instead of an object', input: 'DROP TABLE tickets' },
    { what: 'an array instead of an object', input: [base] },
    { what: 'a number instead of an object', input: 42 },
    {
      what: 'prototype pollution',
      input: JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(base).slice(1, -1) || '"x": 1'}}`),
    },
    { what: 'a constructor key', input: { ...(base as object), constructor: { prototype: { polluted: true } } } },
  ]
  // Walk the base alongside its schema: every object gets an extra key, every property a wrong type, every bound
  // is crossed.
  const walk = (s0: JsonSchema, value: unknown, path: string[], depth: number): void => {
    const s = resolve(s0)
    if (depth > 6) return
    const alts = s.anyOf ?? s.oneOf
    if (alts && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const objAlt = alts.map(resolve).find((a) => a.type === 'object' || a.properties)
      if (objAlt) walk(objAlt, value, path, depth)
      return
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && (s.type === 'object' || s.properties)) {
      if (s.additionalProperties === false) {
        out.push({
          what: `an unknown key in ${path.join('.') || 'the input'}`,
          input: path.length ? setAt(base, [...path, 'injected_key'], 1) : { ...(base as object), injected_key: 1 },
          path: [...path, 'injected_key'].join('.'),
        })
      }
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        const p = [...path, key]
        const types = typesOf(resolve(prop))
        if (types.length > 0) {
          const wrong = Object.entries(WRONG)
            .filter(([t]) => !types.includes(t) && !(t === 'number' && types.includes('integer')))
            .flatMap(([, vs]) => vs)
            .filter((v) => !types.includes(jsonType(v)))
          for (const v of wrong.slice(0, 3))
            out.push({ what: `${p.join('.')} = ${JSON.stringify(v)}`, input: setAt(base, p, v), path: p.join('.') })
        }
        const r = resolve(prop)
        if (r.maxLength !== undefined) {
          out.push({
            what: `${p.join('.')} one past ${r.maxLength} characters`,
            input: setAt(base, p, 'a'.repeat(r.maxLength + 1)),
            path: p.join('.'),
          })
        }
        if (typesOf(r).includes('string') && !r.enum && r.const === undefined) {
          out.push({
            what: `${p.join('.')} of 200,000 characters`,
            input: setAt(base, p, '<script>alert(1)</script>'.repeat(8000)),
            path: p.join('.'),
          })
        }
        if (r.maximum !== undefined)
          out.push({
            what: `${p.join('.')} above ${r.maximum}`,
            input: setAt(base, p, r.maximum + 1),
            path: p.join('.'),
          })
        if (r.minimum !== undefined)
          out.push({
            what: `${p.join('.')} below ${r.minimum}`,
            input: setAt(base, p, r.minimum - 1),
            path: p.join('.'),
          })
        if (r.exclusiveMinimum !== undefined)
          out.push({
            what: `${p.join('.')} at its exclusive minimum ${r.exclusiveMinimum}`,
            input: setAt(base, p, r.exclusiveMinimum),
            path: p.join('.'),
          })
        if (r.exclusiveMaximum !== undefined)
          out.push({
            what: `${p.join('.')} at its exclusive maximum`,
            input: setAt(base, p, r.exclusiveMaximum),
            path: p.join('.'),
          })
        if (r.type === 'integer')
          out.push({ what: `${p.join('.')} fractional`, input: setAt(base, p, 1.5), path: p.join('.') })
        if (r.maxItems !== undefined && r.items) {
          const item = validValue(root, r.items)
          if (item !== undefined)
            out.push({
              what: `${p.join('.')} with ${r.maxItems + 1} items`,
              input: setAt(base, p, Array(r.maxItems + 1).fill(item)),
              path: p.join('.'),
            })
        }
        const child = (value as Record<string, unknown>)[key]
        if (child !== undefined) walk(prop, child, p, depth + 1)
      }
    }
  }
  walk(root, base, [], 0)
  return out
}

export function allMethods(): MethodName[] {
  return [...METHOD_NAMES]
}

/** Random JSON of every shape, hostile strings included: whatever it is, the answer is a result, never a throw. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'filters', 'id')),
    fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        '<img src=x onerror=alert(1)>',
        "'; DROP TABLE tickets; --",
        '\u0000',
        '../../etc/passwd',
        'x'.repeat(5000),
      ),
    ),
  ),
)
