/** The desktop app's "choose a file to import" dialog, offered to the API as `import.chooseFile`. */
import { BrowserWindow, dialog } from 'electron'
import { setImportFileChooser } from '../api/importHandlers'

export function installImportDialog(): void {
  setImportFileChooser(async () => {
    const options: Electron.OpenDialogOptions = {
      title: 'Import tickets from a file',
      properties: ['openFile'],
      filters: [
        { name: 'Ticket exports', extensions: ['csv', 'tsv', 'txt', 'json', 'ndjson', 'jsonl', 'xlsx'] },
        { name: 'All files', extensions: ['*'] },
      ],
    }
    const win = BrowserWindow.getFocusedWindow()
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
    return result.canceled ? null : (result.filePaths[0] ?? null)
  })
}
