import { ApiError } from '../api/client'

/**
 * The sentence an analyst sees for a failure. ApiError messages are written for analysts by main; anything else is a
 * bug in this window, so it gets a calm generic sentence instead of a stack trace.
 */
export function analystMessage(err: unknown, doing?: string): string {
  if (err instanceof ApiError) return err.message
  const what = doing ? `Could not ${doing}.` : 'Something went wrong.'
  return `${what} Nothing in your workspace was changed. Try again; if it keeps happening, reload the window.`
}
