/** Audit log, backups and restore, purge (issue 7). */
import type { MethodDef } from '../schemas'

export const securityMethods = {} as const satisfies Record<string, MethodDef>
