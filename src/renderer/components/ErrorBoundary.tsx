import { Component, type ErrorInfo, type ReactNode } from 'react'

interface Props {
  /** Where the failure happened, in the analyst's words ("the Cases screen"). */
  place: string
  children: ReactNode
}

interface State {
  failed: boolean
}

/**
 * Keeps a rendering bug in one screen from blanking the window: the rail, status bar and data stay, and the
 * analyst gets a sentence and a way back instead of a stack trace.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false }

  static getDerivedStateFromError(): State {
    return { failed: true }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // For whoever opens the developer tools; never shown in the page.
    console.error(error, info.componentStack)
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children
    return (
      <div className="empty-state" role="alert">
        <h2>Something went wrong in {this.props.place}.</h2>
        <p>Your workspace and its tickets are safe: nothing was changed. Try showing it again.</p>
        <div className="empty-actions">
          <button type="button" className="btn btn-primary" onClick={() => this.setState({ failed: false })}>
            Show it again
          </button>
          <button type="button" className="btn" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </div>
    )
  }
}
