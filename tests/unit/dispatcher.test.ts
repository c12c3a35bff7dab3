import { describe, expect, it, vi } from 'vitest'
import { contract, METHOD_NAMES, PRELOAD_KEYS, MAX_FILTER_VALUES } from '../../src/shared/api/contract'
import { ApiFailure, createDispatcher, type Handlers } from '../../src/main/api/dispatcher'

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = (): never => {
    throw new Error('not under test')
  }
  const base = Object.fromEntries(METHOD_NAMES.map((m) => [m, fail])) as unknown as Handlers
  return { ...base, ...overrides }
}

describe('the API contract', () => {
  it('names every method domain.verb and documents it', () => {
    for (const m of METHOD_NAMES) {
      expect(m).toMatch(/^[a-z]+\.[a-z][a-zA-Z]*$/)
      expect(contract[m].doc.length).toBeGreaterThan(10)
    }
    expect(PRELOAD_KEYS).toEqual([...METHOD_NAMES, 'onEvent'])
  })

  it('rejects extra keys, wrong types and oversized values in every filter schema', () => {
    const schema = contract['tickets.count'].input
    expect(schema.safeParse({ filters: {} }).success).toBe(true)
    expect(schema.safeParse({ filters: {}, extra: 1 }).success).toBe(false)
    expect(schema.safeParse({ filters: { status: 'open' } }).success).toBe(false)
    expect(schema.safeParse({ filters: { status: ['x'.repeat(201)] } }).success).toBe(false)
    expect(schema.safeParse({ filters: { status: Array(MAX_FILTER_VALUES + 1).fill('a') } }).success).toBe(false)
    expect(schema.safeParse({ filters: { createdFrom: -1 } }).success).toBe(false)
    expect(schema.safeParse({ filters: { unknownField: ['a'] } }).success).toBe(false)
  })
})

describe('the dispatcher', () => {
  it('rejects unknown methods and prototype keys with a clear error', async () => {
    const dispatch = createDispatcher(handlers())
    for (const name of ['tickets.drop', '__proto__', 'constructor', 42, null]) {
      const r = await dispatch(name, {})
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    }
  })

  it('validates input before the handler runs and names the bad field', async () => {
    const handler = vi.fn(() => ({ count: 1 }))
    const dispatch = createDispatcher(handlers({ 'tickets.count': handler }))
    const r = await dispatch('tickets.count', { filters: { channel: [5] } })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input')
      expect(r.error.message).toMatch(/filters\.channel\.0/)
    }
    expect(handler).not.toHaveBeenCalled()
    expect(await dispatch('tickets.count', { filters: { channel: ['email'] } })).toEqual({
      ok: true,
      value: { count: 1 },
    })
  })

  it('turns handler failures into results: deliberate ones keep their code, unexpected ones hide the stack', async () => {
    const logged: string[] = []
    const dispatch = createDispatcher(
      handlers({
        'tickets.get': () => {
          throw new ApiFailure('not_found', 'Ticket 5 is not in this workspace.')
        },
        'workspace.stats': () => {
          throw new TypeError('secret internals at /home/x/file.ts:10')
        },
      }),
      { onInternalError: (m) => logged.push(m) },
    )
    expect(await dispatch('tickets.get', { id: 5 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Ticket 5 is not in this workspace.' },
    })
    const r = await dispatch('workspace.stats', {})
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(r)).not.toMatch(/secret|file\.ts/)
    expect(logged).toEqual(['workspace.stats'])
  })
})
