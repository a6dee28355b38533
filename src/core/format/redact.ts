/**
 * Credentials out of anything printed (issue 13, finding 10): `scheme://user:password@host`
 * becomes `scheme://user:***@host`. A user name alone stays (`postgres://ml@db`: the password
 * comes from PGPASSWORD, and the name says whose connection it is). One helper for every
 * message, table and report that shows a URL or a source name.
 *
 * The quantifiers are bounded, so a long run of letters or of `a://` cannot make the search
 * quadratic (finding 4): a scheme is at most 32 characters, a userinfo at most 1024.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#@:]{0,1024})(:[^\s/?#@]{0,1024})?@/gi;

export function redactCredentials(text: string): string {
  return text.replace(USERINFO, (all: string, scheme: string, user: string, password: string | undefined) =>
    password === undefined ? all : `${scheme}${user}:***@`,
  );
}

/** A URL object without its password, for messages. */
export function redactUrlObject(url: URL): string {
  return redactCredentials(url.href);
}

/**
 * Control characters of a text from the data shown as escapes, so a label value or a column name
 * cannot move the cursor, clear the screen or change the terminal's title (ESC sequences).
 * Tab stays; newline, carriage return and the rest of C0, DEL and C1 become `\xNN` or `\n`.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
