/**
 * Desktop notifications for high-severity alerts: the backend's `alerts.changed` event names the new ones that are
 * happening now; each becomes a system notification whose click brings the window to the Alerts place.
 */
import { Notification } from 'electron'
import type { WorkbenchEvent } from '../../shared/api/types'

export function installAlertNotifications(
  onEvent: (listener: (e: WorkbenchEvent) => void) => () => void,
  openAlerts: () => void,
): () => void {
  return onEvent((event) => {
    if (event.type !== 'alerts.changed' || event.notify.length === 0 || !Notification.isSupported()) return
    // One notification for a burst, so a sync that opens five alerts does not stack five.
    const [first] = event.notify
    if (!first) return
    const more = event.notify.length - 1
    const note = new Notification({
      title: more > 0 ? `${event.notify.length} high-severity alerts` : 'High-severity alert',
      body: more > 0 ? `${first.title}, and ${more} more.` : first.title,
      silent: false,
    })
    note.on('click', openAlerts)
    note.show()
  })
}
