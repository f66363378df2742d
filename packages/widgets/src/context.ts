import { createContext } from "@lit/context"
import type { ApiClient } from "./api/client.js"
import type { UserDto } from "./api/types.js"

/** The ApiClient shared by every widget under a provider (e.g. `<org-console>`). */
export const apiContext = createContext<ApiClient | undefined>(Symbol.for("@org/widgets:api"))

/** The signed-in user, or null when nobody is signed in. */
export const sessionContext = createContext<UserDto | null>(Symbol.for("@org/widgets:session"))
