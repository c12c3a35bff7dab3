/**
 * Sandboxed preload: bundled into one CommonJS file that requires only `electron`. Exposes the frozen
 * `window.workbench` API and nothing else.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/api/transport'
import type { ApiResult, WorkbenchEvent } from '../shared/api/types'
import { buildWorkbenchApi } from './api'

const api = buildWorkbenchApi(
  (method, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<ApiResult<unknown>>,
  (listener) => {
    // Only the payload reaches the page: the IPC event object would hand it ipcRenderer as `sender`.
    const handler = (_event: IpcRendererEvent, payload: WorkbenchEvent): void => listener(payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
    }
  },
)

contextBridge.exposeInMainWorld('workbench', api)
