/**
 * The one dispatcher every transport calls. It rejects unknown methods, validates input against the contract's
 * schema, runs the handler and wraps the answer as ApiResult: no handler error escapes as a throw or a stack trace.
 */
import { type z } from 'zod'
import { contract, isMethodName, type ApiOutput, type ApiParsedInput, type MethodName } from '../../shared/api/contract'
import type { ApiResult, ErrorCode } from '../../shared/api/types'
import { WorkspaceError } from '../db/connection'
import { SearchSyntaxError } from '../db/queries/ticketSql'

/** A handler per method, typed from the contract. */
export type Handlers = { [M in MethodName]: (input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> }

/** An error a handler throws on purpose, with a code and a sentence for the analyst. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiFailure'
  }
}

export interface DispatcherOptions {
  /** Called with unexpected errors (never with the input: it may hold ticket text). */
  onInternalError?: (method: string, err: unknown) => void
}

export type Dispatch = (method: unknown, input: unknown) => Promise<ApiResult<unknown>>

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const where = i.path.length ? i.path.join('.') : 'input'
      return `${where}: ${i.message}`
    })
    .join('; ')
}

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method
      return { ok: false, error: { code: 'unknown_method', message: `Unknown method "${shown}".` } }
    }
    const schema = contract[method].input
    const parsed = schema.safeParse(input === undefined ? {} : input)
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: `Invalid arguments for ${method}: ${describeIssues(parsed.error)}.` },
      }
    }
    try {
      const handler = handlers[method] as (i: unknown) => unknown
      const value = await handler(parsed.data)
      return { ok: true, value }
    } catch (err) {
      if (err instanceof ApiFailure || err instanceof WorkspaceError) {
        return { ok: false, error: { code: err.code, message: err.message } }
      }
      if (err instanceof SearchSyntaxError) return { ok: false, error: { code: 'invalid_input', message: err.message } }
      options.onInternalError?.(method, err)
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `${method} failed unexpectedly; nothing was changed. Details are in the log.`,
        },
      }
    }
  }
}
