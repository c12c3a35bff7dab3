/** File import: inspect a file, map its columns, import it in the background (issue 4). */
import type { MethodDef } from '../schemas'

export const importMethods = {} as const satisfies Record<string, MethodDef>
