/**
 * The Alerts place's view state: the inbox as last loaded, the selected alert's detail, and the analyst's actions
 * (acknowledge, snooze, mute, investigate, open an escalation). Late answers for an older selection are dropped.
 */
import { call } from '../../api/client'
import type { AlertDetail, AlertInbox } from '../../../shared/api/methods/alerts'
import { analystTimeZone } from '../../lib/format'
import { analystMessage } from '../../lib/errors'
import type { SliceCreator } from '../../store/types'
import { escalationHash } from '../escalations/escalationModel'

export interface AlertsSlice {
  alertsInbox: AlertInbox | null
  alertsLoading: boolean
  alertsError: string | null
  alertsShowAcknowledged: boolean
  selectedAlertId: number | null
  alertDetail: AlertDetail | null
  alertDetailError: string | null
  loadAlerts(): Promise<void>
  setAlertsShowAcknowledged(show: boolean): void
  /** Rates and durations over fewer tickets never alert; every alert is re-evaluated. */
  setAlertsMinSample(minSample: number): Promise<void>
  selectAlert(id: number | null): void
  acknowledgeAlert(id: number, acknowledged: boolean): Promise<void>
  snoozeAlert(id: number, hours: number | null): Promise<void>
  muteAlertSegment(id: number): Promise<void>
  unmuteSegment(segKey: string): Promise<void>
  /** Opens Cases with the alert's segment over its days. */
  investigateAlert(detail: AlertDetail): void
  /** Creates an escalation with the alert's tickets and opens it; a failure is a notice. */
  openEscalationFromAlert(detail: AlertDetail): Promise<void>
  /** After an evaluation or a change elsewhere: refetch a loaded inbox; new high alerts get an in-app notice. */
  alertsChanged(notify: { id: number; title: string }[]): void
}

let detailSeq = 0

export const createAlertsSlice: SliceCreator<AlertsSlice> = (set, get) => ({
  alertsInbox: null,
  alertsLoading: false,
  alertsError: null,
  alertsShowAcknowledged: false,
  selectedAlertId: null,
  alertDetail: null,
  alertDetailError: null,

  async loadAlerts() {
    if (!get().info?.workspace) return
    set({ alertsLoading: true })
    try {
      const inbox = await call('alerts.list', { acknowledged: get().alertsShowAcknowledged })
      set({ alertsInbox: inbox, alertsError: null, alertsLoading: false })
      const selected = get().selectedAlertId
      if (selected === null || !inbox.alerts.some((a) => a.id === selected)) {
        get().selectAlert(inbox.alerts[0]?.id ?? null)
      } else {
        get().selectAlert(selected)
      }
    } catch (err) {
      set({ alertsError: analystMessage(err), alertsLoading: false })
    }
  },

  setAlertsShowAcknowledged(show) {
    set({ alertsShowAcknowledged: show })
    void get().loadAlerts()
  },

  async setAlertsMinSample(minSample) {
    try {
      const r = await call('alerts.setMinSample', { minSample })
      get().notify('success', `Minimum sample set to ${minSample}: alerts re-checked (${r.opened} found).`)
      await get().loadAlerts()
    } catch (err) {
      get().notify('error', analystMessage(err))
    }
  },

  selectAlert(id) {
    const seq = ++detailSeq
    set({ selectedAlertId: id, alertDetailError: null })
    if (id === null) {
      set({ alertDetail: null })
      return
    }
    if (get().alertDetail?.id !== id) set({ alertDetail: null })
    call('alerts.get', { id, timeZone: analystTimeZone() })
      .then((detail) => {
        if (seq === detailSeq) set({ alertDetail: detail })
      })
      .catch((err: unknown) => {
        if (seq === detailSeq) set({ alertDetailError: analystMessage(err) })
      })
  },

  async acknowledgeAlert(id, acknowledged) {
    try {
      await call('alerts.acknowledge', { id, acknowledged })
      get().notify('success', acknowledged ? 'Alert acknowledged.' : 'Acknowledgement taken back.')
      await get().loadAlerts()
    } catch (err) {
      get().notify('error', analystMessage(err))
    }
  },

  async snoozeAlert(id, hours) {
    try {
      await call('alerts.snooze', { id, hours })
      get().notify('info', hours === null ? 'Alert shown again.' : `Alert snoozed for ${hours} h.`)
      await get().loadAlerts()
    } catch (err) {
      get().notify('error', analystMessage(err))
    }
  },

  async muteAlertSegment(id) {
    try {
      const mute = await call('alerts.mute', { id })
      get().notify('info', `Muted ${mute.segment}: no alerts for it until you unmute it.`)
      await get().loadAlerts()
    } catch (err) {
      get().notify('error', analystMessage(err))
    }
  },

  async unmuteSegment(segKey) {
    try {
      await call('alerts.unmute', { segKey })
      await get().loadAlerts()
    } catch (err) {
      get().notify('error', analystMessage(err))
    }
  },

  investigateAlert(detail) {
    const { filters, from, to } = detail.investigate
    get().openCasesWith(filters, { preset: 'custom', from, to })
    window.location.hash = '#/cases'
  },

  alertsChanged(notify) {
    if (get().alertsInbox) void get().loadAlerts()
    // The desktop app shows a system notification from main; elsewhere the window says it itself.
    const first = notify[0]
    if (first && get().info?.transport !== 'electron') {
      const more = notify.length > 1 ? ` (and ${notify.length - 1} more)` : ''
      get().notify('info', `High-severity alert: ${first.title}${more}.`, undefined, {
        label: 'Open Alerts',
        run: () => {
          window.location.hash = '#/alerts'
          get().selectAlert(first.id)
        },
      })
    }
  },

  async openEscalationFromAlert(detail) {
    try {
      const esc = await call('escalations.create', {
        title: detail.title.slice(0, 200),
        priority: detail.severity === 'high' ? 'P1' : 'P2',
        summary:
          `${detail.title}: ${detail.observed.toFixed(1)} against a usual ${detail.expected.toFixed(1)} ` +
          `(${detail.kpiLabel}, ${detail.windowHours} h window, ${detail.sample} tickets).`,
        // The tickets Investigate shows; an ongoing anomaly stays open-ended so the tickets still coming join.
        cohortFilters: {
          ...detail.investigate.filters,
          createdFrom: detail.investigate.createdFrom,
          ...(detail.ongoing ? {} : { createdTo: detail.investigate.createdTo }),
        },
        origin: { kind: 'alert', ref: String(detail.id), description: detail.title.slice(0, 500) },
      })
      // Straight to the new escalation, as the Cases dialog does; its list is re-read so it shows the new one.
      await get().loadEscalations()
      window.location.hash = escalationHash(esc.id)
    } catch (err) {
      get().notify('error', analystMessage(err))
    }
  },
})
