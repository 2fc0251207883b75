// Who the page acts for: the token from the URL's fragment (#token=...),
// kept in sessionStorage so that it survives reloads of this tab but no
// other tab sees it, and the user name the server says the token belongs to
// (the view `me`).
import { decodeMe } from "./views.js";
import type { Connection } from "./live.js";

const kTokenKey = "eventbook.token";

/** The fragment's parameters: "#token=T&notebook=N" gives token and notebook. */
export function fragment(): URLSearchParams {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

/**
 * Takes the token out of the fragment into sessionStorage, leaving the rest
 * of the fragment. Returns the token, or undefined when there is none anywhere.
 */
export function takeToken(): string | undefined {
  const params = fragment();
  const token = params.get("token");
  if (token !== null && token !== "") {
    sessionStorage.setItem(kTokenKey, token);
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + location.search + (rest === "" ? "" : "#" + rest));
  }
  return sessionStorage.getItem(kTokenKey) ?? undefined;
}

export type WhoAmI = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly message: string };

/**
 * The user the token belongs to (GET /views/me). While the server cannot be
 * reached (or answers 502/503/504) it asks again, every 250 ms to 4 s,
 * calling `waiting` with why.
 */
export async function whoAmI(connection: Connection, waiting: (why: string) => void): Promise<WhoAmI> {
  let answer: { status: number; body: unknown } | undefined;
  for (let wait = 250; answer === undefined; wait = Math.min(wait * 2, 4000)) {
    try {
      answer = await connection.view("me", {});
      if (answer.status >= 502 && answer.status <= 504) throw new Error(`the server answered ${answer.status}`);
    } catch (error) {
      answer = undefined;
      waiting(String(error));
      await new Promise<void>((resolve) => setTimeout(resolve, wait));
    }
  }
  if (answer.status === 401) return { ok: false, message: "the server does not accept this token (401)" };
  if (answer.status !== 200) return { ok: false, message: `the server did not say whose this token is (/views/me answered ${answer.status})` };
  const decoded = decodeMe(answer.body);
  if (!decoded.ok) return { ok: false, message: `the server's answer to /views/me is unreadable: ${decoded.error}` };
  return { ok: true, user: decoded.value.user };
}

export function forgetToken(): void {
  sessionStorage.removeItem(kTokenKey);
}
