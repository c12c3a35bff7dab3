/** RCA documents from templates, evidence, version history and the PDF packet (issue 6). */
import type { MethodDef } from '../schemas'

export const rcaMethods = {} as const satisfies Record<string, MethodDef>
