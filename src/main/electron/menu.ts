/** The native menu: platform conventions and standard roles, so accelerators and the Edit menu behave as users expect. */
import { app, Menu, type MenuItemConstructorOptions } from 'electron'

export const APP_NAME = 'Ops Workbench'

const separator: MenuItemConstructorOptions = { type: 'separator' }

/** `dev` adds reload and developer tools, which a packaged app keeps out of an analyst's way. */
export function installMenu(options: { dev: boolean }): void {
  const isMac = process.platform === 'darwin'
  app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() })

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: APP_NAME,
          submenu: [
            { role: 'about', label: `About ${APP_NAME}` },
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : []

  const template: MenuItemConstructorOptions[] = [
    ...appMenu,
    {
      label: '&File',
      // macOS quits from the app menu; elsewhere File is where people look for it.
      submenu: isMac ? [{ role: 'close' }] : [{ role: 'close' }, separator, { role: 'quit' }],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        ...(isMac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
        { role: 'delete' },
        separator,
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        ...(options.dev
          ? [
              { role: 'reload' } as const,
              { role: 'forceReload' } as const,
              { role: 'toggleDevTools' } as const,
              separator,
            ]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `About ${APP_NAME}`, click: () => app.showAboutPanel() }],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
