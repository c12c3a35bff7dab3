/**
 * Wire details shared by the browser-mode server and the renderer client, so no path or header is written twice.
 * Electron IPC channel names live here too.
 */
export const IPC_INVOKE_CHANNEL = 'workbench:invoke'
export const IPC_EVENT_CHANNEL = 'workbench:event'

export const HTTP_API_PREFIX = '/api/'
export const HTTP_EVENTS_PATH = '/api/events'
/** GET `?token=…&file=<name>`: a finished export from the data folder's exports folder (browser mode only). */
export const HTTP_DOWNLOAD_PATH = '/api/download'
export const HTTP_TOKEN_HEADER = 'x-workbench-token'
export const HTTP_TOKEN_QUERY = 'token'
export const HTTP_TOKEN_COOKIE = 'workbench_token'
/** Largest request body the server reads, in bytes. */
export const HTTP_MAX_BODY = 1_000_000
