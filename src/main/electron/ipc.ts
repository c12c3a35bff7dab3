/** The API over Electron IPC: one invoke channel into the shared dispatcher, one event channel out to the windows. */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/api/transport'
import type { ApiResult, WorkbenchEvent } from '../../shared/api/types'
import type { Dispatch } from '../api/dispatcher'
import { isAppUrl, isTrustedSender, type AppPage, type SenderFrame } from './rules'

export interface IpcBackend {
  dispatch: Dispatch
  onEvent(listener: (e: WorkbenchEvent) => void): () => void
}

function senderFrame(event: IpcMainInvokeEvent): SenderFrame | null {
  try {
    const frame = event.senderFrame
    return frame ? { url: frame.url, isTopFrame: frame.parent === null } : null
  } catch {
    // The frame was torn down while the call was in flight: nobody is left to answer.
    return null
  }
}

/** Registers the handler and the event forwarding; the returned function undoes both. */
export function wireIpc(backend: IpcBackend, page: AppPage, log: (line: string) => void): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(senderFrame(event), page)) {
      log('Refused an API call from a frame that is not the app page.')
      return { ok: false, error: { code: 'unauthorized', message: 'This page may not use the Ops Workbench API.' } }
    }
    try {
      return await backend.dispatch(method, input)
    } catch (err) {
      // The dispatcher answers every failure itself; this only guards against a defect there crashing the call.
      log(`IPC dispatch failed: ${(err as Error).stack ?? String(err)}`)
      return {
        ok: false,
        error: { code: 'internal', message: 'The request failed unexpectedly. Details are in the log.' },
      }
    }
  })

  const unsubscribe = backend.onEvent((event) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed()) continue
      const contents = win.webContents
      // Events carry workspace paths and task labels: only the app's own page gets them, not a PDF or preview window.
      if (contents.isDestroyed() || !isAppUrl(contents.getURL(), page)) continue
      contents.send(IPC_EVENT_CHANNEL, event)
    }
  })

  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}
