/**
 * The object the preload exposes as `window.workbench`, built from the contract so no method name is written by hand.
 * Pure (the Electron calls come in as `invoke` and `subscribe`) so it can be tested without Electron.
 *
 * What crosses into the page: one function per contract method and `onEvent`. Never ipcRenderer, never an
 * IpcRendererEvent (its `sender` is ipcRenderer itself).
 */
import {
  EVENT_SUBSCRIBE_KEY,
  PRELOAD_KEYS,
  type ApiInput,
  type ApiOutput,
  type MethodName,
} from '../shared/api/contract'
import type { ApiResult, WorkbenchEvent } from '../shared/api/types'

export type EventListener = (event: WorkbenchEvent) => void
export type Invoke = (method: MethodName, input: unknown) => Promise<ApiResult<unknown>>
export type Subscribe = (listener: EventListener) => () => void

export type WorkbenchApi = {
  readonly [M in MethodName]: (input?: ApiInput<M>) => Promise<ApiResult<ApiOutput<M>>>
} & {
  /** Calls `listener` with every task and workspace event; returns the function that stops it. */
  readonly [EVENT_SUBSCRIBE_KEY]: (listener: EventListener) => () => void
}

export function buildWorkbenchApi(invoke: Invoke, subscribe: Subscribe): WorkbenchApi {
  const api: Record<string, unknown> = {}
  for (const key of PRELOAD_KEYS) {
    if (key === EVENT_SUBSCRIBE_KEY) {
      api[key] = (listener: unknown): (() => void) => {
        // Checked here so a wrong argument fails at the call, not later inside an IPC callback.
        if (typeof listener !== 'function') throw new TypeError(`${EVENT_SUBSCRIBE_KEY} needs a function.`)
        const unsubscribe = subscribe(listener as EventListener)
        return () => unsubscribe()
      }
    } else {
      api[key] = (input?: unknown) => invoke(key, input)
    }
  }
  return Object.freeze(api) as unknown as WorkbenchApi
}
