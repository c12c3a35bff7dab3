/**
 * Browser mode: the chosen file goes to the server's upload route (it cannot be named by path), streamed by the
 * browser with progress. XMLHttpRequest rather than fetch because only it reports upload progress.
 */
import { HTTP_UPLOAD_PATH } from '../../../shared/api/methods/imports'
import type { ApiResult } from '../../../shared/api/types'
import { withSessionToken } from '../../api/client'

export interface Uploaded {
  uploadId: string
  fileName: string
  size: number
}

export function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', withSessionToken(`${HTTP_UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`))
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size)
    xhr.onload = () => {
      let result: ApiResult<Uploaded> | null = null
      try {
        result = JSON.parse(xhr.responseText) as ApiResult<Uploaded>
      } catch {
        // Falls through to the generic sentence below.
      }
      if (result?.ok) resolve(result.value)
      else reject(new Error(result && !result.ok ? result.error.message : `The upload failed (HTTP ${xhr.status}).`))
    }
    xhr.onerror = () =>
      reject(new Error('The upload did not reach the workbench server. Is `npm run web` still running?'))
    xhr.send(file)
  })
}
